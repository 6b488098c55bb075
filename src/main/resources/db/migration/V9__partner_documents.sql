-- Partner documents the ledger does not move on: vendors' own invoices and credit notes,
-- purchase-order acknowledgements and warehouse shipping orders. One row per canonical
-- event, written in the transaction that claims its key, so a document sent again is one
-- row. A vendor invoice is set beside the hub's self-billing document of the same vendor
-- where one can be found (by number among its references, else the only document of its
-- kind and currency for the month of its date): hub_document, hub_total and difference.
create table partner_document (
    id                 bigserial primary key,
    legal_entity       text not null,
    channel            text not null,
    account            text not null,
    document_type      text not null check (document_type in
                           ('VendorInvoiceReceived', 'OrderAcknowledged',
                            'WarehouseOrderReceived')),
    document_ref       text not null,
    event_key          text not null unique,
    status             text,
    occurred_at        timestamptz not null,
    currency           char(3),
    document_total     numeric(19, 4),
    line_count         int not null,
    hub_document       text,
    hub_total          numeric(19, 2),
    difference         numeric(19, 4),
    content            jsonb not null,
    recorded_at        timestamptz not null default now()
);
create index partner_document_account on partner_document (channel, account, document_type,
    occurred_at);
create index partner_document_ref on partner_document (document_ref);
