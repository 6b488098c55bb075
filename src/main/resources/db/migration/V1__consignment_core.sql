-- Catalog: legal entities, vendors, locations, items.
create table legal_entity (
    code        text primary key,
    name        text not null,
    currency    char(3) not null,
    time_zone   text not null
);

create table vendor (
    legal_entity     text not null references legal_entity,
    code             text not null,
    name             text not null,
    tax_registration text,
    primary key (legal_entity, code)
);

create table location (
    legal_entity text not null references legal_entity,
    code         text not null,
    name         text not null,
    primary key (legal_entity, code)
);

-- An item with a consignment vendor is stocked on consignment; without one it is
-- bought outright by the retailer.
create table item (
    legal_entity text not null references legal_entity,
    sku          text not null,
    description  text,
    vendor       text,
    primary key (legal_entity, sku),
    foreign key (legal_entity, vendor) references vendor
);

-- Which legal entity and location a channel account's messages belong to.
create table channel_account (
    channel      text not null,
    account      text not null,
    legal_entity text not null references legal_entity,
    location     text,
    primary key (channel, account)
);

-- Agreements are versioned: a new version is a new row, the old one stays for the
-- transfers that used it.
create table consignment_agreement (
    id                   bigserial primary key,
    legal_entity         text not null,
    vendor               text not null,
    version              int not null,
    reference            text not null,
    effective_from       timestamptz not null,
    currency             char(3) not null,
    tax_rate             numeric(7, 4) not null,
    settlement_period    text not null check (settlement_period in ('PER_SHIPMENT', 'MONTHLY')),
    time_zone            text not null,
    return_window_hours  int not null check (return_window_hours >= 0),
    transfer_trigger     text not null check (transfer_trigger in ('SALE_AND_SHIPMENT')),
    consumption_priority text not null
        check (consumption_priority in ('CONSIGNMENT_FIRST', 'OWNED_FIRST')),
    unique (legal_entity, vendor, version),
    foreign key (legal_entity, vendor) references vendor
);

create table agreed_price (
    agreement_id   bigint not null references consignment_agreement,
    sku            text not null,
    unit_price     numeric(19, 4) not null check (unit_price >= 0),
    effective_from timestamptz not null,
    primary key (agreement_id, sku, effective_from)
);

-- Intake: every inbound payload exactly as received, before anything is decided.
create table inbound_message (
    id             bigserial primary key,
    channel        text not null,
    account        text not null,
    message_type   text not null,
    source_ref     text not null,
    payload        bytea not null,
    payload_sha256 text not null,
    received_at    timestamptz not null default now(),
    stored_at      timestamptz not null default clock_timestamp(),
    mapped_at      timestamptz,
    completed_at   timestamptz,
    record_count   int,
    batches_sent   int,
    batches_done   int not null default 0,
    status         text not null default 'RECEIVED'
);
create index inbound_message_source on inbound_message (channel, account, source_ref);

-- One row per canonical event applied (or refused); the key makes redelivery harmless.
create table processed_event (
    legal_entity       text not null,
    channel            text not null,
    account            text not null,
    message_type       text not null,
    external_id        text not null,
    revision           int not null,
    event_sha256       text not null,
    inbound_message_id bigint references inbound_message,
    outcome            text not null,
    processed_at       timestamptz not null default now(),
    primary key (legal_entity, channel, account, message_type, external_id, revision)
);

-- Records that could not be accepted, with the raw record and the reason.
create table dead_letter (
    id                 bigserial primary key,
    inbound_message_id bigint references inbound_message,
    channel            text not null,
    account            text not null,
    source_ref         text not null,
    record_ref         text not null,
    stage              text not null,
    field              text,
    reason_code        text not null,
    reason             text not null,
    raw_record         bytea not null,
    event_key          text unique,
    event_json         text,
    attempts           int not null default 1,
    created_at         timestamptz not null default now(),
    last_attempt_at    timestamptz not null default now()
);
create index dead_letter_reason on dead_letter (channel, reason_code);

-- Rows a mapping deliberately skips (for example postage lines in a sales file), counted.
create table skipped_record (
    id                 bigserial primary key,
    inbound_message_id bigint references inbound_message,
    channel            text not null,
    record_ref         text not null,
    reason_code        text not null,
    created_at         timestamptz not null default now()
);

-- Ledger: the append-only journal and the positions it sums to.
create table stock_movement (
    id            bigserial primary key,
    legal_entity  text not null,
    location      text not null,
    sku           text not null,
    owner         text not null,
    bucket        text not null
        check (bucket in ('AVAILABLE', 'ALLOCATED', 'IN_TRANSIT', 'DAMAGED')),
    quantity      bigint not null check (quantity <> 0),
    reason        text not null,
    cause         text not null,
    business_time timestamptz not null,
    recorded_at   timestamptz not null default now()
);
create index stock_movement_position on stock_movement (legal_entity, location, sku, owner, bucket);

create function refuse_journal_change() returns trigger language plpgsql as $$
begin
    raise exception 'the stock journal is append-only';
end $$;

create trigger stock_movement_append_only before update or delete on stock_movement
    for each row execute function refuse_journal_change();

create table stock_position (
    legal_entity text not null,
    location     text not null,
    sku          text not null,
    owner        text not null,
    bucket       text not null,
    quantity     bigint not null check (quantity >= 0),
    primary key (legal_entity, location, sku, owner, bucket)
);

-- Moving average unit cost of retailer-owned stock; consigned stock has none.
create table retailer_cost (
    legal_entity      text not null,
    sku               text not null,
    currency          char(3) not null,
    average_unit_cost numeric(19, 6) not null,
    primary key (legal_entity, sku)
);

-- Orders: what was sold and shipped per line, and from whose stock.
create table order_line (
    legal_entity  text not null,
    channel       text not null,
    order_ref     text not null,
    line_ref      text not null,
    sku           text not null,
    location      text not null,
    quantity      bigint not null,
    unit_price    numeric(19, 4),
    currency      char(3),
    customer_ref  text,
    sold_qty      bigint not null default 0,
    cancelled_qty bigint not null default 0,
    sold_at       timestamptz,
    primary key (legal_entity, channel, order_ref, line_ref)
);

-- Units reserved for a line, per owner; they leave the reservation by shipment or release.
create table line_allocation (
    legal_entity  text not null,
    channel       text not null,
    order_ref     text not null,
    line_ref      text not null,
    owner         text not null,
    allocated_qty bigint not null default 0,
    shipped_qty   bigint not null default 0,
    released_qty  bigint not null default 0,
    primary key (legal_entity, channel, order_ref, line_ref, owner),
    check (shipped_qty + released_qty <= allocated_qty)
);

create table shipment_line (
    legal_entity text not null,
    channel      text not null,
    order_ref    text not null,
    shipment_ref text not null,
    line_ref     text not null,
    quantity     bigint not null check (quantity > 0),
    location     text not null,
    shipped_at   timestamptz not null,
    primary key (legal_entity, channel, order_ref, shipment_ref, line_ref)
);

-- Which owner's units left under which shipment; title passes per part.
create table shipment_part (
    id              bigserial primary key,
    legal_entity    text not null,
    channel         text not null,
    order_ref       text not null,
    line_ref        text not null,
    shipment_ref    text not null,
    owner           text not null,
    location        text not null,
    quantity        bigint not null check (quantity > 0),
    transferred_qty bigint not null default 0,
    shipped_at      timestamptz not null,
    unique (legal_entity, channel, order_ref, line_ref, shipment_ref, owner),
    check (transferred_qty between 0 and quantity)
);

-- Ownership: each quantity that passed from a vendor to the retailer at one moment.
create table title_transfer (
    id                bigserial primary key,
    legal_entity      text not null,
    vendor            text not null,
    channel           text not null,
    order_ref         text not null,
    line_ref          text not null,
    sku               text not null,
    location          text not null,
    customer_ref      text,
    shipment_part_id  bigint not null references shipment_part,
    quantity          bigint not null check (quantity > 0),
    returned_qty      bigint not null default 0,
    unit_price        numeric(19, 4) not null,
    currency          char(3) not null,
    agreement_id      bigint not null references consignment_agreement,
    agreement_version int not null,
    sold_at           timestamptz not null,
    transferred_at    timestamptz not null,
    cause             text not null,
    check (returned_qty between 0 and quantity)
);
create index title_transfer_line on title_transfer (legal_entity, channel, order_ref, line_ref);
create index title_transfer_customer on title_transfer (legal_entity, vendor, sku, customer_ref);

-- Billing: documents, their lines, gapless numbering and settlement periods.
create table settlement_period (
    legal_entity text not null,
    vendor       text not null,
    period_month date not null,
    status       text not null check (status in ('OPEN', 'CLOSED')),
    closed_at    timestamptz,
    primary key (legal_entity, vendor, period_month)
);

create table document_series (
    legal_entity text not null,
    vendor       text not null,
    kind         text not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
    last_number  bigint not null,
    primary key (legal_entity, vendor, kind)
);

create table billing_document (
    id                     bigserial primary key,
    legal_entity           text not null,
    vendor                 text not null,
    kind                   text not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
    sequence_number        bigint not null,
    number                 text not null unique,
    period_month           date not null,
    issued_at              timestamptz not null,
    currency               char(3) not null,
    net_total              numeric(19, 2) not null,
    tax_total              numeric(19, 2) not null,
    vendor_tax_registration text,
    self_billing_agreement text not null,
    unique (legal_entity, vendor, kind, sequence_number)
);

create table billing_line (
    id              bigserial primary key,
    legal_entity    text not null,
    vendor          text not null,
    kind            text not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
    transfer_id     bigint not null references title_transfer,
    reverses_line   bigint references billing_line,
    sku             text not null,
    quantity        bigint not null,
    unit_price      numeric(19, 4) not null,
    net_amount      numeric(19, 2) not null,
    tax_rate        numeric(7, 4) not null,
    tax_amount      numeric(19, 2) not null,
    currency        char(3) not null,
    business_date   date not null,
    period_month    date not null,
    document_id     bigint references billing_document,
    cause           text not null,
    created_at      timestamptz not null default now(),
    check ((kind = 'INVOICE' and reverses_line is null and quantity > 0)
        or (kind = 'CREDIT_NOTE' and reverses_line is not null and quantity < 0))
);
create unique index billing_line_one_per_transfer on billing_line (transfer_id)
    where kind = 'INVOICE';
create index billing_line_open on billing_line (legal_entity, vendor, kind, period_month)
    where document_id is null;

-- Accepted customer returns, per owner the units went back to.
create table customer_return (
    id           bigserial primary key,
    legal_entity text not null,
    channel      text not null,
    return_ref   text not null,
    order_ref    text,
    line_ref     text,
    customer_ref text,
    sku          text not null,
    location     text not null,
    owner        text not null,
    quantity     bigint not null check (quantity > 0),
    returned_at  timestamptz not null,
    cause        text not null
);
