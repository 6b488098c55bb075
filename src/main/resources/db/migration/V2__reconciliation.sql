-- Reconciliation: physical counts matched against the books and the vendors' reports.

-- The terms of an agreement version that govern counts. A version never changes, so these
-- are part of it; versions loaded before these terms existed take the defaults.
alter table consignment_agreement
    add column count_attribution text not null default 'CONSIGNMENT_FIRST'
        check (count_attribution in ('CONSIGNMENT_FIRST', 'RETAILER_FIRST', 'PROPORTIONAL')),
    add column count_tolerance_units bigint not null default 0
        check (count_tolerance_units >= 0),
    add column count_tolerance_percent numeric(7, 4) not null default 0
        check (count_tolerance_percent >= 0),
    add column count_tolerance_value numeric(19, 4)
        check (count_tolerance_value >= 0),
    add column shrink_bearer text not null default 'RETAILER_LIABLE'
        check (shrink_bearer in ('VENDOR_CHARGEABLE', 'RETAILER_LIABLE')),
    add column discrepancy_response_hours int not null default 72
        check (discrepancy_response_hours > 0),
    add column cycle_count_days int not null default 30
        check (cycle_count_days > 0);

-- Title also passes when the retailer buys consigned units lost from its custody; such a
-- transfer comes from a count, not from a shipment.
alter table title_transfer alter column shipment_part_id drop not null;

-- Every level a vendor reported, so a count can be matched against what the vendor says.
create table vendor_stock_snapshot (
    id           bigserial primary key,
    legal_entity text not null,
    vendor       text not null,
    location     text not null,
    sku          text not null,
    quantity     bigint not null check (quantity >= 0),
    reported_at  timestamptz not null,
    cause        text not null unique
);
create index vendor_stock_snapshot_latest
    on vendor_stock_snapshot (legal_entity, location, sku, vendor, reported_at desc);

-- A count session: a count file, or a handheld session opened, filled and submitted over
-- the API. Its reference makes opening and submitting it again harmless.
create table count_session (
    id            bigserial primary key,
    legal_entity  text not null,
    source        text not null check (source in ('FILE', 'API')),
    reference     text not null,
    counter       text,
    status        text not null
        check (status in ('OPEN', 'RECONCILED', 'VOIDED', 'REFUSED')),
    opened_at     timestamptz not null,
    submitted_at  timestamptz,
    voided_at     timestamptz,
    void_reason   text,
    -- Why a count file could not be reconciled (a shortage the stock left cannot absorb).
    refusal       text,
    unique (legal_entity, source, reference)
);

create table count_line (
    session_id   bigint not null references count_session,
    line_ref     text not null,
    location     text not null,
    sku          text not null,
    counted_qty  bigint not null check (counted_qty >= 0),
    counted_at   timestamptz not null,
    primary key (session_id, line_ref)
);

-- The three-way match of one location and SKU of a submitted session: the count, the book
-- (all owners) at the moment of the count, and the vendor's latest report.
create table count_result (
    id                  bigserial primary key,
    -- No foreign key: results are written only by the match of a session it holds locked,
    -- and a check per row would double the time of a session of a million lines.
    session_id          bigint not null,
    legal_entity        text not null,
    location            text not null,
    sku                 text not null,
    vendor              text,
    counted_at          timestamptz not null,
    counted_qty         bigint not null,
    book_qty            bigint not null,
    vendor_reported_qty bigint,
    vendor_reported_at  timestamptz,
    variance            bigint not null,
    tolerance_units     bigint not null,
    within_tolerance    boolean not null,
    outcome             text not null
        check (outcome in ('MATCHED', 'ADJUSTED', 'CASE_OPENED'))
);
-- One index only: a session of a million lines writes a million results in one statement,
-- and every further index on text columns costs more than the match itself. A session has
-- one result per location and SKU because the match groups by them.
create index count_result_session on count_result (session_id);

-- How a variance is shared among the owners holding the SKU at the location.
create table count_attribution (
    result_id bigint not null references count_result,
    owner     text not null,
    book_qty  bigint not null,
    variance  bigint not null,
    primary key (result_id, owner)
);

-- A variance beyond tolerance, put to the vendor with a deadline to answer.
create table discrepancy_case (
    id              bigserial primary key,
    result_id       bigint not null unique references count_result,
    legal_entity    text not null,
    vendor          text not null,
    location        text not null,
    sku             text not null,
    book_qty        bigint not null,
    counted_qty     bigint not null,
    variance        bigint not null,
    status          text not null
        check (status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED', 'RESOLVED', 'WITHDRAWN',
            'SUPERSEDED')),
    opened_at       timestamptz not null,
    due_at          timestamptz not null,
    dispute_reason  text,
    bearer          text check (bearer in ('VENDOR_CHARGEABLE', 'RETAILER_LIABLE')),
    closed_at       timestamptz,
    superseded_by   bigint references count_result
);
create index discrepancy_case_open on discrepancy_case (legal_entity, location, sku)
    where status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED');

-- What happened to a case, in order: who did what and why.
create table discrepancy_case_event (
    id       bigserial primary key,
    case_id  bigint not null references discrepancy_case,
    action   text not null,
    actor    text not null,
    note     text,
    at       timestamptz not null
);
