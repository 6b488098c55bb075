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

-- Returns that name no order line look for the customer's lines of the SKU.
create index order_line_customer on order_line (legal_entity, channel, customer_ref, sku);
