-- Reads of the operations dashboard. Positions are listed side by side per location and
-- SKU, filtered by location, SKU prefix or vendor, and sorted by location, SKU or vendor;
-- with a million positions each of these must find its page without reading the table.
-- Positions of one SKU across locations, in SKU order (the primary key leads with the
-- location).
create index stock_position_sku on stock_position (sku, legal_entity, location);
-- A SKU prefix: LIKE 'AB%' uses an index only under the C collation or pattern operators.
create index stock_position_sku_prefix on stock_position (sku text_pattern_ops);
-- The SKUs one vendor consigns.
create index item_vendor on item (legal_entity, vendor, sku);
