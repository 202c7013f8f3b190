-- lms-sync-service schema, version 3: session liveness and the admin views.

-- When the session last showed life on the server's clock: the latest heartbeat's arrival at
-- ingest-service (its receivedAt), a resume, or the launch. Inactivity and abandonment count from
-- here; last_heartbeat_at stays the player's occurred-at time shown to admins.
alter table sessions add column last_seen_at timestamptz;
update sessions set last_seen_at = coalesce(last_heartbeat_at, started_at);
create index sessions_liveness on sessions ((coalesce(last_seen_at, started_at)))
    where state = 'ACTIVE';

-- Scoring's per-challenge breakdown from the stored topic status (JSON array, assignment order).
alter table registrations add column challenges jsonb not null default '[]'::jsonb;

-- The admin views list a tenant's registrations and sessions.
create index registrations_tenant on registrations (tenant_id);
