-- Order revisions: the latest state a channel reported of each order, and revisions that
-- arrived before the order they revise.

-- One row per channel order: the newest revision applied, by the channel's own time of the
-- revision. An older revision never replaces it. Amounts are the channel's, kept exactly
-- (unconstrained numeric keeps the scale the channel wrote).
create table channel_order (
    legal_entity     text not null,
    channel          text not null,
    order_ref        text not null,
    revised_at       timestamptz not null,
    revision_key     text not null,
    financial_status text not null,
    cancelled_at     timestamptz,
    currency         char(3),
    total            numeric,
    total_tax        numeric,
    recorded_at      timestamptz not null default clock_timestamp(),
    primary key (legal_entity, channel, order_ref)
);

-- Each line as the newest revision states it, with the channel's line amounts.
create table channel_order_line (
    legal_entity text not null,
    channel      text not null,
    order_ref    text not null,
    line_ref     text not null,
    sku          text not null,
    quantity     bigint not null check (quantity >= 0),
    unit_price   numeric,
    total        numeric,
    total_tax    numeric,
    primary key (legal_entity, channel, order_ref, line_ref),
    foreign key (legal_entity, channel, order_ref) references channel_order
);

-- Records waiting for the order they revise (a "paid" delivered before its "create"). They
-- are applied as soon as the order is placed, and go to the dead-letter store as
-- ORDER_NOT_FOUND when none is placed within the waiting budget.
create table awaiting_order (
    id                 bigserial primary key,
    legal_entity       text not null,
    channel            text not null,
    account            text not null,
    order_ref          text not null,
    first_event_key    text not null unique,
    inbound_message_id bigint not null,
    source_ref         text not null,
    record_ref         text not null,
    raw_record         text,
    events_json        text not null,
    parked_at          timestamptz not null
);
create index awaiting_order_by_order on awaiting_order (legal_entity, channel, order_ref);
