-- What intake has seen of each record, for the channel accounts whose validation rules set
-- a duplicate window: the same record content delivered again under another file name or
-- request id within the window is refused as a duplicate instead of being applied twice.
create table record_fingerprint (
    channel      text not null,
    account      text not null,
    digest       char(64) not null,
    source_ref   text not null,
    record_ref   text not null,
    received_at  timestamptz not null,
    primary key (channel, account, digest, source_ref, record_ref)
);

create index record_fingerprint_recent on record_fingerprint (channel, account, digest,
    received_at);
