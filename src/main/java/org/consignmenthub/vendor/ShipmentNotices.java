package org.consignmenthub.vendor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.security.VendorScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Advance ship notices: a vendor announces what it is sending to a location, then confirms
 * what arrived, in one or more receipts. A notice moves no stock; each confirmed receipt
 * becomes stock reports of kind RECEIPT that go through intake like any other report, and
 * is recorded against the notice so both sides see what is still outstanding.
 */
public class ShipmentNotices {

    private static final Logger log = LoggerFactory.getLogger(ShipmentNotices.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ShipmentNotices(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Line(String sku, Long quantity) {
    }

    public record Notice(String noticeRef, String location, Instant expectedAt,
            List<Line> lines) {
    }

    public record Receipt(String receiptRef, Instant receivedAt, List<Line> lines) {
    }

    /** Call in a transaction: the notice and its lines are stored together or not at all. */
    public Map<String, Object> announce(VendorScope scope, Notice notice) {
        required(notice.noticeRef(), "noticeRef");
        required(notice.location(), "location");
        requireLocation(notice.location());
        requireLines(scope, notice.lines());

        long id;
        try {
            id = jdbc.queryForObject("""
                    insert into shipment_notice (vendor, notice_ref, location, expected_at,
                        announced_at)
                    values (?, ?, ?, ?, ?) returning id""", Long.class, scope.sqlValue(),
                    notice.noticeRef(), notice.location(), timestamp(notice.expectedAt()),
                    Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException known) {
            throw new Refusal("DUPLICATE_NOTICE", "noticeRef", "notice " + notice.noticeRef()
                    + " was announced already");
        }
        for (Line line : notice.lines()) {
            jdbc.update("insert into shipment_notice_line (notice_id, sku, announced_qty)"
                    + " values (?, ?, ?)", id, line.sku(), line.quantity());
        }
        log.info("Shipment announced vendor={} notice={} location={} lines={}",
                scope.vendorCode(), notice.noticeRef(), notice.location(), notice.lines().size());
        return get(scope, id).orElseThrow();
    }

    public List<Map<String, Object>> list(VendorScope scope) {
        List<Long> ids = jdbc.queryForList("select id from shipment_notice where vendor = ?"
                + " order by id desc", Long.class, scope.sqlValue());
        return ids.stream().map(id -> get(scope, id).orElseThrow()).toList();
    }

    /** A notice with what was announced and received per SKU; empty when not the vendor's. */
    public Optional<Map<String, Object>> get(VendorScope scope, long id) {
        List<Map<String, Object>> found = jdbc.queryForList("""
                select id, notice_ref as "noticeRef", location, expected_at as "expectedAt",
                    announced_at as "announcedAt"
                from shipment_notice where id = ? and vendor = ?""", id, scope.sqlValue());
        if (found.isEmpty()) {
            return Optional.empty();
        }

        Map<String, Object> notice = new LinkedHashMap<>(found.get(0));
        List<Map<String, Object>> lines = jdbc.queryForList("""
                select l.sku, l.announced_qty as "announcedQty",
                    coalesce(sum(r.quantity), 0) as "receivedQty"
                from shipment_notice_line l
                join shipment_notice n on n.id = l.notice_id and n.vendor = ?
                left join shipment_receipt r on r.notice_id = l.notice_id and r.sku = l.sku
                where l.notice_id = ?
                group by l.sku, l.announced_qty order by l.sku""", scope.sqlValue(), id);
        notice.put("status", status(lines));
        notice.put("lines", lines);
        return Optional.of(notice);
    }

    /**
     * Checks a receipt against its notice and returns the stock report that brings it
     * into the books; {@link #recordReceipt} records it once intake has taken the report.
     * Report ids derive from the notice, the receipt reference and the SKU, so that
     * confirming the same receipt twice changes the books once.
     */
    public Map<String, Object> receiptReport(VendorScope scope, long id, Receipt receipt) {
        Map<String, Object> notice = get(scope, id).orElseThrow(() -> new Refusal(
                "UNKNOWN_NOTICE", "notice", "there is no shipment notice " + id));
        required(receipt.receiptRef(), "receiptRef");
        Set<String> announced = new HashSet<>();
        for (Object line : (List<?>) notice.get("lines")) {
            announced.add((String) ((Map<?, ?>) line).get("sku"));
        }
        requireQuantities(receipt.lines());

        List<Map<String, Object>> reports = new java.util.ArrayList<>();
        for (int i = 0; i < receipt.lines().size(); i++) {
            Line line = receipt.lines().get(i);
            if (!announced.contains(line.sku())) {
                throw new Refusal("INVALID_FIELD", "lines[" + i + "].sku", "SKU " + line.sku()
                        + " is not on notice " + notice.get("noticeRef"));
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("reportId", notice.get("noticeRef") + "/" + receipt.receiptRef() + "/"
                    + line.sku());
            report.put("sku", line.sku());
            report.put("location", notice.get("location"));
            report.put("kind", "RECEIPT");
            report.put("quantity", line.quantity());
            report.put("reference", notice.get("noticeRef"));
            report.put("occurredAt", receivedAt(receipt).toString());
            reports.add(report);
        }
        return Map.of("reports", reports);
    }

    /** Records a receipt whose stock report intake has taken; a repeat adds nothing. */
    public Map<String, Object> recordReceipt(VendorScope scope, long id, Receipt receipt) {
        for (Line line : receipt.lines()) {
            jdbc.update("""
                    insert into shipment_receipt (notice_id, receipt_ref, sku, quantity,
                        received_at)
                    select id, ?, ?, ?, ? from shipment_notice where id = ? and vendor = ?
                    on conflict do nothing""", receipt.receiptRef(), line.sku(),
                    line.quantity(), Timestamp.from(receivedAt(receipt)), id,
                    scope.sqlValue());
        }
        Map<String, Object> notice = get(scope, id).orElseThrow();
        log.info("Shipment receipt confirmed vendor={} notice={} receipt={} status={}",
                scope.vendorCode(), notice.get("noticeRef"), receipt.receiptRef(),
                notice.get("status"));
        return notice;
    }

    private Instant receivedAt(Receipt receipt) {
        return receipt.receivedAt() != null ? receipt.receivedAt() : clock.instant();
    }

    private static String status(List<Map<String, Object>> lines) {
        long announced = 0;
        long received = 0;
        for (Map<String, Object> line : lines) {
            announced += ((Number) line.get("announcedQty")).longValue();
            received += Math.min(((Number) line.get("receivedQty")).longValue(),
                    ((Number) line.get("announcedQty")).longValue());
        }
        if (received == 0) {
            return "ANNOUNCED";
        }
        return received < announced ? "PARTLY_RECEIVED" : "RECEIVED";
    }

    private void requireLines(VendorScope scope, List<Line> lines) {
        requireQuantities(lines);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String sku = lines.get(i).sku();
            Long own = jdbc.queryForObject("select count(*) from item where vendor = ?"
                    + " and sku = ?", Long.class, scope.sqlValue(), sku);
            if (own == 0) {
                throw new Refusal("UNKNOWN_SKU", "lines[" + i + "].sku", "SKU " + sku
                        + " is not consigned by vendor " + scope.vendorCode());
            }
            if (!seen.add(sku)) {
                throw new Refusal("INVALID_FIELD", "lines[" + i + "].sku", "SKU " + sku
                        + " is listed twice");
            }
        }
    }

    private static void requireQuantities(List<Line> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new Refusal("INVALID_FIELD", "lines", "at least one line is required");
        }
        for (int i = 0; i < lines.size(); i++) {
            required(lines.get(i).sku(), "lines[" + i + "].sku");
            Long quantity = lines.get(i).quantity();
            if (quantity == null || quantity <= 0) {
                throw new Refusal("INVALID_FIELD", "lines[" + i + "].quantity",
                        "a positive whole quantity is required, was " + quantity);
            }
        }
    }

    private void requireLocation(String location) {
        Long known = jdbc.queryForObject("select count(*) from location where code = ?",
                Long.class, location);
        if (known == 0) {
            throw new Refusal("UNKNOWN_LOCATION", "location", "location " + location
                    + " is not known");
        }
    }

    private static void required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refusal("INVALID_FIELD", field, field + " is required");
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
