-- lms-sync-service schema, version 6: attempts (ADR 0019). Each attempt of a learner at an
-- assignment topic is its own registration (own id, status, score, sessions and commits).

alter table registrations add column attempt integer not null default 1 check (attempt >= 1);
alter table registrations
    drop constraint registrations_tenant_id_assignment_id_topic_id_learner_id_key;
alter table registrations add constraint registrations_attempt_key
    unique (tenant_id, assignment_id, topic_id, learner_id, attempt);

-- When an LMS's new attempt (cmi.entry ab-initio after a finished one) starts a new attempt.
-- No row: ALWAYS with no waiting, the LMS decides.
create table assignment_retake_rules (
    assignment_id  varchar(128) primary key references assignments (id),
    rule           varchar(16)  not null check (rule in ('NEVER', 'AFTER_FAILURE', 'ALWAYS')),
    minimum_days   integer      not null default 0 check (minimum_days between 0 and 3650),
    updated_at     timestamptz  not null default now()
);
