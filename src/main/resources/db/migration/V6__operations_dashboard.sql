-- Reads of the operations dashboard. Positions are listed side by side per location and
-- SKU, filtered by location, SKU prefix or vendor, and sorted by location or SKU; with a
-- million positions each of these must find its page without reading the whole table.
-- The primary key leads with the legal entity, which the dashboard's filters rarely name.
-- One location's positions, in SKU order.
create index stock_position_location on stock_position (location, legal_entity, sku);
-- Positions in SKU order across locations, and one SKU's positions.
create index stock_position_sku on stock_position (sku, legal_entity, location);
-- A SKU prefix: LIKE 'AB%' uses an index only under the C collation or pattern operators.
create index stock_position_sku_prefix on stock_position (sku text_pattern_ops);
-- The SKUs one vendor consigns.
create index item_vendor on item (legal_entity, vendor, sku);
