-- lms-sync-service schema, version 4: a tenant's Learning Record Store (xAPI) settings, read by
-- xapi-emitter through the internal API. One row per tenant that has settings; no row (or
-- enabled = false) means no statements are sent for the tenant.
create table tenant_lrs (
    tenant_id           varchar(64)   primary key references tenants (id) on delete cascade,
    enabled             boolean       not null,
    -- the LRS's xAPI base URL and the account home page of the tenant's learners
    endpoint            varchar(2000),
    home_page           varchar(2000),
    username            varchar(255),
    -- AES-256-GCM under learnpulse.lms-sync.secrets-key: version byte, nonce, ciphertext + tag;
    -- the tenant id is authenticated with it (SecretsCipher). Never the clear password.
    password_encrypted  bytea,
    updated_at          timestamptz   not null default now(),
    check (not enabled or (endpoint is not null and home_page is not null
                           and username is not null and password_encrypted is not null))
);
