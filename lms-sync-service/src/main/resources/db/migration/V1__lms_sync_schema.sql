-- lms-sync-service schema, version 1.
-- Ids that LMS-side systems choose (tenant, assignment, topic, learner) are text;
-- ids LearnPulse chooses (registration, session, event) are UUIDs.

-- A customer. descriptor_secret signs its launch descriptors (HS256); generated at creation.
create table tenants (
    id                 varchar(64)  primary key,
    name               varchar(200) not null,
    descriptor_secret  bytea        not null check (octet_length(descriptor_secret) >= 32),
    player_origins     jsonb        not null default '[]'::jsonb,
    player_url         text,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);

-- An assignment (globally unique id: it is the Kafka key of its policies) and its current policy.
create table assignments (
    id          varchar(128) primary key,
    tenant_id   varchar(64)  not null references tenants (id),
    version     integer      not null check (version >= 1),
    policy      jsonb        not null,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);
create index assignments_tenant on assignments (tenant_id);

-- Every policy version ever stored, so each commit can name the version behind it.
create table assignment_versions (
    assignment_id  varchar(128) not null references assignments (id),
    version        integer      not null,
    policy         jsonb        not null,
    created_at     timestamptz  not null default now(),
    primary key (assignment_id, version)
);

-- One learner's attempt at one topic of one assignment, with its latest SCORM summary inputs.
create table registrations (
    id                 uuid         primary key,
    tenant_id          varchar(64)  not null references tenants (id),
    assignment_id      varchar(128) not null references assignments (id),
    topic_id           varchar(128) not null,
    learner_id         varchar(255) not null,
    learner_name       varchar(255),
    scorm_version      varchar(16)  not null
        check (scorm_version in ('SCORM_12', 'SCORM_2004_3RD', 'SCORM_2004_4TH')),
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    -- latest topic status from scoring-service (null until the first one)
    completion_status  varchar(16)  check (completion_status in ('INCOMPLETE', 'COMPLETED')),
    success_status     varchar(16)  check (success_status in ('UNKNOWN', 'PASSED', 'FAILED')),
    lesson_status      varchar(16)
        check (lesson_status in ('INCOMPLETE', 'COMPLETED', 'PASSED', 'FAILED')),
    raw_score          numeric(5, 2) check (raw_score between 0 and 100),
    policy_version     integer,
    status_updated_at  timestamptz,
    -- active time over all sessions, and the bookmark in its suspend-data encoding
    active_millis      bigint       not null default 0 check (active_millis >= 0),
    suspend_data       text,
    unique (tenant_id, assignment_id, topic_id, learner_id)
);

-- One launch of the package within a registration.
create table sessions (
    id                 uuid        primary key,
    registration_id    uuid        not null references registrations (id),
    entry              varchar(16) not null check (entry in ('ab-initio', 'resume')),
    started_at         timestamptz not null,
    last_heartbeat_at  timestamptz,
    ended_at           timestamptz,
    active_millis      bigint      not null default 0 check (active_millis >= 0),
    state              varchar(16) not null default 'ACTIVE'
        check (state in ('ACTIVE', 'SUSPENDED', 'TERMINATED', 'ABANDONED')),
    last_commit_sequence bigint    not null default 0
);
create index sessions_registration on sessions (registration_id, started_at desc);
create index sessions_active on sessions (last_heartbeat_at) where state = 'ACTIVE';

-- Event ids already applied: consumption is idempotent by event id.
create table processed_events (
    event_id      uuid         primary key,
    topic         varchar(249) not null,
    processed_at  timestamptz  not null default now()
);

-- SCORM commits for the bridge (the outbox of what the LMS must be sent), numbered per session.
create table commits (
    session_id       uuid        not null references sessions (id),
    sequence         bigint      not null check (sequence >= 1),
    registration_id  uuid        not null references registrations (id),
    scorm_version    varchar(16) not null,
    policy_version   integer,
    elements         jsonb       not null,
    created_at       timestamptz not null default now(),
    acked_at         timestamptz,
    published_at     timestamptz,
    primary key (session_id, sequence)
);
create index commits_registration on commits (registration_id, created_at);
create index commits_unacked on commits (session_id, sequence) where acked_at is null;

-- Events to publish to Kafka, written in the transaction that makes them true and relayed
-- in id order by KafkaOutboxRelay (no dual writes).
create table kafka_outbox (
    id            bigserial    primary key,
    topic         varchar(249) not null,
    message_key   text         not null,
    event_id      uuid         not null unique,
    event_type    varchar(200) not null,
    occurred_at   timestamptz  not null,
    payload       bytea        not null,
    created_at    timestamptz  not null default now(),
    published_at  timestamptz,
    attempts      integer      not null default 0,
    last_error    text
);
create index kafka_outbox_pending on kafka_outbox (id) where published_at is null;
