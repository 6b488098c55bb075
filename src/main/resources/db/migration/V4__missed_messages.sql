-- Missed-message checks: what a partner's API says it sent, compared with what the hub
-- received. Each check of one channel account is a row; each message found missing and
-- fed into intake is a row under it.
create table missed_message_check (
    id          bigserial primary key,
    channel     text not null,
    account     text not null,
    since       timestamptz not null,
    started_at  timestamptz not null default now(),
    finished_at timestamptz,
    listed      int not null default 0,
    missing     int not null default 0,
    failure     text
);
create index missed_message_check_account on missed_message_check (channel, account, id);

create table missed_message (
    id                 bigserial primary key,
    check_id           bigint not null references missed_message_check,
    channel            text not null,
    account            text not null,
    message_type       text not null,
    external_id        text not null,
    revision           int not null,
    inbound_message_id bigint references inbound_message,
    found_at           timestamptz not null default now()
);
create index missed_message_external on missed_message (channel, account, external_id);
