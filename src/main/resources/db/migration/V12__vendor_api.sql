-- The vendor API: answers kept per idempotency key, ship notices, webhook subscriptions
-- and the outbox of their deliveries, filled by triggers in the transaction that changes
-- the books so that no event can be recorded without its deliveries.

create table vendor_idempotency_key (
    vendor          text not null,
    idempotency_key text not null,
    request_sha256  text not null,
    method          text not null,
    path            text not null,
    status          int,
    content_type    text,
    response_body   bytea,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null,
    primary key (vendor, idempotency_key)
);
create index vendor_idempotency_key_expiry on vendor_idempotency_key (expires_at);

create table shipment_notice (
    id            bigserial primary key,
    vendor        text not null,
    notice_ref    text not null,
    location      text not null,
    expected_at   timestamptz,
    announced_at  timestamptz not null,
    unique (vendor, notice_ref)
);

create table shipment_notice_line (
    notice_id     bigint not null references shipment_notice,
    sku           text not null,
    announced_qty bigint not null check (announced_qty > 0),
    primary key (notice_id, sku)
);

-- A confirmed receipt against a notice, once per receipt reference and SKU: confirming
-- the same receipt again (a retry) adds nothing here, as its stock events add nothing.
create table shipment_receipt (
    notice_id    bigint not null references shipment_notice,
    receipt_ref  text not null,
    sku          text not null,
    quantity     bigint not null check (quantity > 0),
    received_at  timestamptz not null,
    primary key (notice_id, receipt_ref, sku)
);

create table webhook_subscription (
    id          bigserial primary key,
    vendor      text not null,
    url         text not null,
    events      text[] not null,
    -- Kept readable: each delivery is signed with it. Shown to the vendor once.
    secret      text not null,
    created_at  timestamptz not null,
    removed_at  timestamptz
);
create index webhook_subscription_vendor on webhook_subscription (vendor)
    where removed_at is null;

create table webhook_delivery (
    id               bigserial primary key,
    subscription_id  bigint not null references webhook_subscription,
    vendor           text not null,
    event_type       text not null,
    payload          jsonb not null,
    status           text not null default 'PENDING'
        check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_status      int,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at)
    where status = 'PENDING';
create index webhook_delivery_subscription on webhook_delivery (subscription_id, id);

-- One delivery per live subscription of the vendor that asked for this event type.
create function queue_vendor_event(event_vendor text, event_type text, body jsonb)
returns void language sql as $$
    insert into webhook_delivery (subscription_id, vendor, event_type, payload)
    select s.id, s.vendor, event_type,
           jsonb_build_object('type', event_type, 'vendor', s.vendor, 'data', body)
    from webhook_subscription s
    where s.vendor = event_vendor and s.removed_at is null and event_type = any (s.events)
$$;

create function stock_movement_event() returns trigger language plpgsql as $$
begin
    if new.owner <> 'RETAILER' then
        perform queue_vendor_event(new.owner, 'stock.changed', jsonb_build_object(
            'movementId', new.id, 'legalEntity', new.legal_entity, 'location', new.location,
            'sku', new.sku, 'bucket', new.bucket, 'quantity', new.quantity,
            'reason', new.reason, 'businessTime', new.business_time));
    end if;
    return null;
end $$;

create trigger stock_movement_vendor_event after insert on stock_movement
    for each row execute function stock_movement_event();

create function title_transfer_event() returns trigger language plpgsql as $$
begin
    perform queue_vendor_event(new.vendor, 'title.transferred', jsonb_build_object(
        'transferId', new.id, 'legalEntity', new.legal_entity, 'orderRef', new.order_ref,
        'lineRef', new.line_ref, 'sku', new.sku, 'location', new.location,
        'quantity', new.quantity, 'unitPrice', new.unit_price, 'currency', new.currency,
        'transferredAt', new.transferred_at));
    return null;
end $$;

create trigger title_transfer_vendor_event after insert on title_transfer
    for each row execute function title_transfer_event();

create function billing_document_event() returns trigger language plpgsql as $$
begin
    perform queue_vendor_event(new.vendor,
        case new.kind when 'INVOICE' then 'invoice.issued' else 'return.credited' end,
        jsonb_build_object('documentId', new.id, 'number', new.number, 'kind', new.kind,
            'legalEntity', new.legal_entity, 'issuedAt', new.issued_at,
            'currency', new.currency, 'netTotal', new.net_total,
            'taxTotal', new.tax_total));
    return null;
end $$;

create trigger billing_document_vendor_event after insert on billing_document
    for each row execute function billing_document_event();

create function discrepancy_case_event() returns trigger language plpgsql as $$
begin
    perform queue_vendor_event(new.vendor, 'discrepancy.opened', jsonb_build_object(
        'caseId', new.id, 'legalEntity', new.legal_entity, 'location', new.location,
        'sku', new.sku, 'bookQty', new.book_qty, 'countedQty', new.counted_qty,
        'variance', new.variance, 'dueAt', new.due_at));
    return null;
end $$;

create trigger discrepancy_case_vendor_event after insert on discrepancy_case
    for each row execute function discrepancy_case_event();
