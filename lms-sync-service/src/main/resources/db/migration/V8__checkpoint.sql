-- ADR 0020: checkpoint events (activity topic) and heartbeats (heartbeat topic) both move the
-- bookmark; the occurred-at time of the bookmark stored lets the older of the two lose, whichever
-- topic delivers it last.
alter table registrations add column bookmark_at timestamptz;
