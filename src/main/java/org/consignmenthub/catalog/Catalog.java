package org.consignmenthub.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the catalog: items and their consignment vendor, channel accounts. Items are
 * cached because every stock event asks; a catalog load clears the cache.
 */
public class Catalog {

    private final JdbcTemplate jdbc;
    private final Map<String, Optional<ItemRecord>> items = new ConcurrentHashMap<>();
    private final Map<String, Boolean> locations = new ConcurrentHashMap<>();

    public Catalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record ItemRecord(String legalEntity, String sku, String description, String vendor) {

        public boolean consigned() {
            return vendor != null;
        }
    }

    public record AccountRecord(String channel, String account, String legalEntity,
            String location) {
    }

    public Optional<ItemRecord> item(String legalEntity, String sku) {
        return items.computeIfAbsent(legalEntity + "\u0000" + sku, k -> jdbc.query(
                "select legal_entity, sku, description, vendor from item"
                        + " where legal_entity = ? and sku = ?",
                (rs, n) -> new ItemRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)),
                legalEntity, sku).stream().findFirst());
    }

    public Optional<AccountRecord> account(String channel, String account) {
        return jdbc.query("select channel, account, legal_entity, location from channel_account"
                + " where channel = ? and account = ?",
                (rs, n) -> new AccountRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)),
                channel, account).stream().findFirst();
    }

    /** The currency a legal entity keeps its books in, if the entity is known. */
    public Optional<String> currency(String legalEntity) {
        return jdbc.queryForList("select currency from legal_entity where code = ?",
                String.class, legalEntity).stream().findFirst();
    }

    public boolean locationExists(String legalEntity, String location) {
        return locations.computeIfAbsent(legalEntity + "\u0000" + location, k -> {
            Integer n = jdbc.queryForObject(
                    "select count(*) from location where legal_entity = ? and code = ?",
                    Integer.class, legalEntity, location);
            return n != null && n > 0;
        });
    }



    /**
     * Adds an item the catalog lacks, as the vendor's consigned item when the vendor is
     * known to the legal entity, else as the retailer's own. An item already there is left
     * as it is.
     */
    public void addItem(String legalEntity, String sku, String vendor) {
        jdbc.update("""
                insert into item (legal_entity, sku, description, vendor)
                values (?, ?, 'added by intake', (select code from vendor
                    where legal_entity = ? and code = ?))
                on conflict do nothing""", legalEntity, sku, legalEntity, vendor);
        items.remove(legalEntity + "\u0000" + sku);
    }

    public void forget() {
        items.clear();
        locations.clear();
    }
}
