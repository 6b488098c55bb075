-- Who may call the hub: people who sign in (staff and vendor portal users), vendor API
-- clients that obtain tokens, and vendor API keys. Secrets are kept only as hashes. The
-- vendor is a catalog vendor code, not a foreign key: credentials outlive a reloaded
-- catalog, and a vendor code names the same vendor in every legal entity.

create table hub_user (
    id             bigserial primary key,
    username       text not null unique,
    password_hash  text not null,
    kind           text not null check (kind in ('VENDOR', 'STAFF')),
    vendor         text,
    roles          text not null default '',
    enabled        boolean not null default true,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    check ((kind = 'VENDOR') = (vendor is not null))
);

create table api_client (
    id             bigserial primary key,
    client_id      text not null unique,
    secret_hash    text not null,
    vendor         text not null,
    created_at     timestamptz not null default now(),
    revoked_at     timestamptz,
    last_used_at   timestamptz
);

-- A key is shown once; the hub keeps its visible prefix to find it and the SHA-256 of the
-- whole key to check it (keys are random and long, so a fast hash is enough).
create table api_key (
    id             bigserial primary key,
    prefix         text not null unique,
    key_hash       text not null,
    vendor         text not null,
    label          text not null default '',
    created_at     timestamptz not null default now(),
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz,
    replaced_by    bigint references api_key
);

create index api_key_vendor on api_key (vendor);

-- Every request and every credential change: who, what, when and from where.
create table audit_log (
    id             bigserial primary key,
    at             timestamptz not null default now(),
    party_kind     text not null,
    party_name     text,
    vendor         text,
    action         text not null,
    method         text,
    path           text,
    status         integer,
    remote_address text,
    detail         text
);

create index audit_log_at on audit_log (at);
create index audit_log_party on audit_log (party_name, at);
