-- lms-sync-service schema, version 10 (ADR 0028): cohort analytics and Active Sessions at scale.

-- Time on task per challenge: each heartbeat's active time (time since the previous heartbeat) is
-- added to the challenge its bookmark is in. Written by EventApplier with the heartbeat, only for
-- challenges of the registration's assignment topic (so a player cannot grow it without bound).
create table registration_challenge_time (
    registration_id  uuid         not null references registrations (id),
    challenge_id     varchar(128) not null,
    active_millis    bigint       not null default 0 check (active_millis >= 0),
    primary key (registration_id, challenge_id)
);

-- The analytics aggregate an assignment's registrations: one index range per assignment.
create index registrations_assignment on registrations (tenant_id, assignment_id, created_at);

-- Active Sessions for a tenant with 250,000 learners: the tenant on the session itself, so the
-- page is one range of a partial index in the order shown, not a join over every registration.
alter table sessions add column tenant_id varchar(64) references tenants (id);
update sessions s set tenant_id = r.tenant_id from registrations r where r.id = s.registration_id;
alter table sessions alter column tenant_id set not null;

-- Sessions are inserted by code that names the registration only; the tenant follows from it.
create function sessions_tenant() returns trigger language plpgsql as $$
begin
    if new.tenant_id is null then
        select tenant_id into new.tenant_id from registrations where id = new.registration_id;
    end if;
    return new;
end;
$$;
create trigger sessions_tenant before insert on sessions
    for each row execute function sessions_tenant();

-- The two orders Active Sessions pages by (keyset): latest heartbeat (launch time until the first
-- one) and launch time, each with the session id as the tie-breaker.
create index sessions_tenant_active_heartbeat
    on sessions (tenant_id, (coalesce(last_heartbeat_at, started_at)), id) where state = 'ACTIVE';
create index sessions_tenant_active_started
    on sessions (tenant_id, started_at, id) where state = 'ACTIVE';
