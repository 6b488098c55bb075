package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What vendors say they have in the retailer's locations: every stock level a vendor
 * reported, kept so that a count can be set beside it, and compared with the book.
 */
public class VendorSnapshots {

    private final JdbcTemplate jdbc;

    public VendorSnapshots(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a reported level once per event that reported it. */
    public void record(String legalEntity, String vendor, String location, String sku,
            long quantity, Instant reportedAt, String cause) {
        jdbc.update("""
                insert into vendor_stock_snapshot (legal_entity, vendor, location, sku,
                    quantity, reported_at, cause)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (cause) do nothing""",
                legalEntity, vendor, location, sku, quantity, Timestamp.from(reportedAt), cause);
    }

    /**
     * Each vendor's latest reported level beside the units of that vendor available in the
     * book now, where they differ: what has moved since the vendor last looked, or what
     * the vendor's systems have not seen.
     */
    public List<Map<String, Object>> differencesFromBook(String legalEntity) {
        return jdbc.queryForList("""
                with latest as (
                    select distinct on (vendor, location, sku) vendor, location, sku,
                        quantity, reported_at
                    from vendor_stock_snapshot where legal_entity = ?
                    order by vendor, location, sku, reported_at desc, id desc)
                select l.vendor, l.location, l.sku, l.quantity as reported_qty, l.reported_at,
                    coalesce(p.quantity, 0) as book_available_qty,
                    coalesce(p.quantity, 0) - l.quantity as difference
                from latest l
                left join stock_position p on p.legal_entity = ? and p.location = l.location
                  and p.sku = l.sku and p.owner = l.vendor and p.bucket = 'AVAILABLE'
                where coalesce(p.quantity, 0) <> l.quantity
                order by l.vendor, l.location, l.sku""", legalEntity, legalEntity);
    }
}
