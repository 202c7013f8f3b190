-- lms-sync-service schema, version 5: packages per topic, cohorts on the assignment (ADR 0019).

-- An assignment's cohort: learners named one by one and groups of the tenant.
create table assignment_cohort_members (
    assignment_id  varchar(128) not null references assignments (id),
    kind           varchar(8)   not null check (kind in ('LEARNER', 'GROUP')),
    member_id      varchar(255) not null,
    created_at     timestamptz  not null default now(),
    primary key (assignment_id, kind, member_id)
);
create index assignment_cohort_members_member on assignment_cohort_members (kind, member_id);

-- A tenant's learner groups (the LMS gives SCORM content no group, so admins import them).
create table tenant_group_members (
    tenant_id   varchar(64)  not null references tenants (id),
    group_id    varchar(128) not null,
    learner_id  varchar(255) not null,
    created_at  timestamptz  not null default now(),
    primary key (tenant_id, group_id, learner_id)
);
create index tenant_group_members_learner on tenant_group_members (tenant_id, learner_id);

-- The assignment a learner in no cohort gets for a topic package of the tenant.
create table tenant_topic_defaults (
    tenant_id      varchar(64)  not null references tenants (id),
    topic_id       varchar(128) not null,
    assignment_id  varchar(128) not null references assignments (id),
    updated_at     timestamptz  not null default now(),
    primary key (tenant_id, topic_id)
);

-- Registrations of topic packages look the learner's latest one up by topic.
create index registrations_learner_topic
    on registrations (tenant_id, topic_id, learner_id, created_at desc);
