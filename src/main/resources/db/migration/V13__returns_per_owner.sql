-- A return reverses a shipped part, whoever owned its units: a vendor's part through the
-- title transfers it yielded, the retailer's own part (which yields none) only here. So the
-- units of every part that came back are counted on the part, as they left it.
alter table shipment_part add column returned_qty bigint not null default 0;

update shipment_part p set returned_qty = r.returned
from (select shipment_part_id, sum(returned_qty) as returned
      from title_transfer group by shipment_part_id) r
where r.shipment_part_id = p.id and r.returned > 0;

alter table shipment_part add constraint shipment_part_returned_qty
    check (returned_qty between 0 and transferred_qty);

-- Returns that name no order line look for the customer's lines of the SKU. The customer
-- leads: an index led by legal entity and channel would tie with the primary key for a
-- plan made while the table is empty, and could then serve every lookup of a line.
create index order_line_customer on order_line (customer_ref, sku, legal_entity, channel);

-- A returned line's vendor units are found through the parts it shipped.
create index title_transfer_part on title_transfer (shipment_part_id);
