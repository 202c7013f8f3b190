-- lms-sync-service schema, version 9 (ADR 0027): what happens when scoring's new status would lower
-- what the LMS already holds (completed -> incomplete, passed -> not passed, a lower score), and why
-- a commit was written. NEVER_LOWER (the default) keeps what the LMS holds; ALLOW sends the lower
-- value. Either way the commit that follows records the reason.
alter table assignments add column regression_rule varchar(16) not null default 'NEVER_LOWER'
    check (regression_rule in ('NEVER_LOWER', 'ALLOW'));

-- Why this commit was written when it is not just a value change: 'launch', 'policy v<n>',
-- a regression held or allowed. Null for an ordinary change.
alter table commits add column reason varchar(500);
