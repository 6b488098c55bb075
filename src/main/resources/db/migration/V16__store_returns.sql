-- A return matched by its location looks for the title transfers of its SKU there,
-- whatever order or channel they came from.
create index title_transfer_location_sku on title_transfer (legal_entity, location, sku);
