-- Dead-letter triage: what support staff need to judge, fix and replay a refused record.

-- Where a payload came in and the headers it came with, kept beside the raw bytes.
alter table inbound_message add column route text;
alter table inbound_message add column headers jsonb;

-- An entry keeps the first delivery it came from (the raw payload as received); later
-- deliveries and replays of the same record count attempts on it.
alter table dead_letter add column last_inbound_message_id bigint references inbound_message;
alter table dead_letter add column error_class text not null default 'PERMANENT'
    check (error_class in ('TRANSIENT', 'PERMANENT'));
alter table dead_letter add column status text not null default 'OPEN'
    check (status in ('OPEN', 'REPLAYING', 'RESOLVED', 'DISCARDED'));
-- Money at stake (order value, or stock value at the agreed price) and the deadline it
-- is due by (the end of the agreement's settlement period); null when the record is
-- unreadable or names nothing the catalog can price.
alter table dead_letter add column impact_amount numeric;
alter table dead_letter add column impact_currency char(3);
alter table dead_letter add column urgent_by timestamptz;
alter table dead_letter add column sku text;
alter table dead_letter add column vendor text;
-- A payload corrected by support staff; the raw payload as received is never replaced.
alter table dead_letter add column edited_payload bytea;
alter table dead_letter add column replay_inbound_message_id bigint references inbound_message;
alter table dead_letter add column replayed_at timestamptz;
alter table dead_letter add column replays int not null default 0;
alter table dead_letter add column resolved_at timestamptz;
alter table dead_letter add column discard_reason text;

create index dead_letter_open on dead_letter (status, impact_amount desc nulls last);
create index dead_letter_replay on dead_letter (replay_inbound_message_id)
    where status = 'REPLAYING';

-- Every triage action, who took it and when.
create table dead_letter_action (
    id             bigserial primary key,
    dead_letter_id bigint not null references dead_letter,
    action         text not null check (action in ('EDIT', 'REPLAY', 'DISCARD')),
    operator       text not null,
    detail         text,
    replay_inbound_message_id bigint references inbound_message,
    acted_at       timestamptz not null default now()
);
create index dead_letter_action_entry on dead_letter_action (dead_letter_id);

-- Each intake source (route): its last good receipt and its failures since.
create table source_health (
    route                text primary key,
    last_success_at      timestamptz,
    last_failure_at      timestamptz,
    consecutive_failures int not null default 0,
    last_error           text
);

-- How often a vendor is expected to send a stock file; null: no expectation.
alter table vendor add column expected_feed_hours int check (expected_feed_hours > 0);

-- Batches still on their way to the processors, per channel account, for the metrics.
create index inbound_message_pending on inbound_message (channel, account)
    where status <> 'COMPLETE';
