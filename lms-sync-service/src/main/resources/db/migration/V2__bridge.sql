-- lms-sync-service schema, version 2: delivery of commits to the SCORM bridge.
-- A commit is delivered over the session's server-sent event stream until the bridge acknowledges
-- it; the acknowledgement records what the LMS answered, so failures are visible per registration.

alter table commits
    add column delivery_count     integer     not null default 0 check (delivery_count >= 0),
    add column last_delivered_at  timestamptz,
    -- the bridge's report: did SetValue/Commit succeed, the LMS error, what the LMS read back
    add column ack_ok             boolean,
    add column lms_error_code     varchar(16),
    add column lms_error_string   varchar(1000),
    add column lms_error_element  varchar(255),
    -- ok, lms_error (SetValue or Commit failed) or read_back_mismatch (the LMS holds other values)
    add column ack_outcome        varchar(32),
    add column read_back          jsonb;

-- Wakes the streams of a session on every replica as soon as the transaction that wrote its
-- commit is committed (NOTIFY is transactional). Streams also poll, so a lost notification only
-- delays a delivery.
create function commits_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('learnpulse_commits', new.session_id::text);
    return new;
end;
$$;

create trigger commits_notify after insert on commits
    for each row execute function commits_notify();
