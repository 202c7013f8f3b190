-- lms-sync-service schema, version 7: launch control (ADR 0019). Every descriptor issued from now on
-- is recorded, so it can be listed, capped, expired and revoked; rotation retires the signing secret.

create table issued_descriptors (
    id                 uuid         primary key,
    tenant_id          varchar(64)  not null references tenants (id),
    assignment_id      varchar(128),
    topic_id           varchar(128) not null,
    scorm_version      varchar(16)  not null,
    expires_at         timestamptz,
    max_registrations  integer      check (max_registrations >= 1),
    registrations      integer      not null default 0 check (registrations >= 0),
    revoked_at         timestamptz,
    created_at         timestamptz  not null default now()
);
create index issued_descriptors_tenant on issued_descriptors (tenant_id, created_at desc);

-- Secrets a rotation replaced: a descriptor they verify is refused as revoked (410), not as forged.
create table tenant_retired_descriptor_secrets (
    tenant_id   varchar(64) not null references tenants (id),
    secret      bytea       not null,
    retired_at  timestamptz not null default now(),
    primary key (tenant_id, retired_at)
);

-- Learner names as the LMS reported them at launch: a change is recorded, not silently overwritten.
create table learner_name_changes (
    id               bigserial    primary key,
    registration_id  uuid         not null references registrations (id),
    old_name         varchar(255),
    new_name         varchar(255) not null,
    changed_at       timestamptz  not null default now()
);
create index learner_name_changes_registration on learner_name_changes (registration_id, id);

-- The LMS origins a tenant's packages launch from: when set, /v1/launch's Origin must be one of them.
alter table tenants add column lms_origins jsonb not null default '[]'::jsonb;

-- The Origin each session was launched from, and launches from another origin while a session of
-- the same registration was live: recorded for the administrator, not refused (ADR 0019).
alter table sessions add column origin varchar(512);
create table launch_origin_conflicts (
    id               bigserial    primary key,
    registration_id  uuid         not null references registrations (id),
    session_id       uuid         not null,
    live_session_id  uuid         not null references sessions (id),
    live_origin      varchar(512),
    origin           varchar(512),
    recorded_at      timestamptz  not null default now()
);
create index launch_origin_conflicts_registration on launch_origin_conflicts (registration_id, id);
