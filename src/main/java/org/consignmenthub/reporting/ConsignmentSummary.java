package org.consignmenthub.reporting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.consignmenthub.catalog.Owners;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consignment cycle in figures for one legal entity, straight from the books: per
 * vendor what was received, transferred, invoiced, returned, credited and is left; the
 * retailer's own stock; and what became of the rows of one sales channel. Credited amounts
 * are shown positive; money has two decimals.
 */
public class ConsignmentSummary {

    private static final String ON_HAND = "('AVAILABLE', 'ALLOCATED', 'DAMAGED')";

    private final JdbcTemplate jdbc;

    public ConsignmentSummary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ObjectNode of(String legalEntity, String salesChannel) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("legalEntity", legalEntity);
        ArrayNode vendors = summary.putArray("vendors");
        for (String vendor : vendorsWithItems(legalEntity)) {
            vendors.add(vendor(legalEntity, vendor));
        }
        summary.set("retailer", retailer(legalEntity));
        summary.set("rows", rows(salesChannel));
        return summary;
    }

    private List<String> vendorsWithItems(String legalEntity) {
        return jdbc.queryForList("select distinct vendor from item where legal_entity = ?"
                + " and vendor is not null order by vendor", String.class, legalEntity);
    }

    private ObjectNode vendor(String legalEntity, String vendor) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("vendor", vendor);
        node.put("skus", count("""
                select count(distinct l.sku) from order_line l
                join item i on i.legal_entity = l.legal_entity and i.sku = l.sku
                where l.legal_entity = ? and i.vendor = ? and l.sold_qty > 0""",
                legalEntity, vendor));
        node.put("unitsReceived", count("""
                select coalesce(sum(quantity), 0) from stock_movement
                where legal_entity = ? and owner = ? and reason = 'RECEIPT'""",
                legalEntity, vendor));
        node.put("unitsTransferred", count("""
                select coalesce(sum(quantity), 0) from title_transfer
                where legal_entity = ? and vendor = ?""", legalEntity, vendor));
        node.put("valueTransferred", money("""
                select sum(net_amount) from billing_line
                where legal_entity = ? and vendor = ? and kind = 'INVOICE'""",
                legalEntity, vendor));
        documents(node, legalEntity, vendor, "INVOICE", "invoices", "invoiceTotal",
                "invoiceTax");
        node.put("returnsAccepted", count("""
                select count(distinct cause) from customer_return
                where legal_entity = ? and owner = ?""", legalEntity, vendor));
        node.put("unitsReturned", count("""
                select coalesce(sum(quantity), 0) from customer_return
                where legal_entity = ? and owner = ?""", legalEntity, vendor));
        documents(node, legalEntity, vendor, "CREDIT_NOTE", "creditNotes", "creditTotal",
                "creditTax");
        node.put("returnsRejected", count("""
                select count(*) from dead_letter d
                join item i on i.sku = (d.event_json::jsonb -> 0 ->> 'sku')
                where i.legal_entity = ? and i.vendor = ? and d.reason_code = 'NO_MATCHING_SALE'""",
                legalEntity, vendor));
        node.put("onHand", count("select coalesce(sum(quantity), 0) from stock_position"
                + " where legal_entity = ? and owner = ? and bucket in " + ON_HAND,
                legalEntity, vendor));
        node.set("months", months(legalEntity, vendor));
        return node;
    }

    private void documents(ObjectNode node, String legalEntity, String vendor, String kind,
            String countField, String totalField, String taxField) {
        node.put(countField, count("select count(*) from billing_document"
                + " where legal_entity = ? and vendor = ? and kind = ?",
                legalEntity, vendor, kind));
        node.put(totalField, money("select abs(sum(net_total)) from billing_document"
                + " where legal_entity = ? and vendor = ? and kind = ?",
                legalEntity, vendor, kind));
        node.put(taxField, money("select abs(sum(tax_total)) from billing_document"
                + " where legal_entity = ? and vendor = ? and kind = ?",
                legalEntity, vendor, kind));
    }

    private ArrayNode months(String legalEntity, String vendor) {
        ArrayNode months = JsonNodeFactory.instance.arrayNode();
        jdbc.query("""
                select to_char(period_month, 'YYYY-MM'),
                    coalesce(sum(net_amount) filter (where kind = 'INVOICE'), 0),
                    coalesce(-sum(net_amount) filter (where kind = 'CREDIT_NOTE'), 0)
                from billing_line where legal_entity = ? and vendor = ?
                group by period_month order by period_month""",
                rs -> {
                    ObjectNode month = months.addObject();
                    month.put("month", rs.getString(1));
                    month.put("invoiced", text(rs.getBigDecimal(2)));
                    month.put("credited", text(rs.getBigDecimal(3)));
                }, legalEntity, vendor);
        return months;
    }

    private ObjectNode retailer(String legalEntity) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("skus", count("""
                select count(distinct l.sku) from order_line l
                join item i on i.legal_entity = l.legal_entity and i.sku = l.sku
                where l.legal_entity = ? and i.vendor is null and l.sold_qty > 0""",
                legalEntity));
        node.put("unitsReceived", count("""
                select coalesce(sum(quantity), 0) from stock_movement
                where legal_entity = ? and owner = ? and reason = 'PURCHASE_RECEIPT'""",
                legalEntity, Owners.RETAILER));
        node.put("unitsSold", count("""
                select coalesce(-sum(quantity), 0) from stock_movement
                where legal_entity = ? and owner = ? and reason = 'SHIPPED_SOLD'""",
                legalEntity, Owners.RETAILER));
        node.put("unitsReturned", count("""
                select coalesce(sum(quantity), 0) from customer_return
                where legal_entity = ? and owner = ?""", legalEntity, Owners.RETAILER));
        node.put("onHand", count("select coalesce(sum(quantity), 0) from stock_position"
                + " where legal_entity = ? and owner = ? and bucket in " + ON_HAND,
                legalEntity, Owners.RETAILER));
        return node;
    }

    private ObjectNode rows(String channel) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        // A file delivered again holds the same records: each payload is counted once.
        node.put("total", count("""
                select coalesce(sum(records), 0) from (
                    select max(record_count) as records from inbound_message
                    where channel = ? group by source_ref, payload_sha256) payloads""",
                channel));
        node.put("sales", count("select count(*) from processed_event where channel = ?"
                + " and message_type = 'SaleCompleted'", channel));
        node.put("returns", count("select count(*) from processed_event where channel = ?"
                + " and message_type = 'ReturnReceived'", channel));
        node.put("nonStock", count("select count(distinct record_ref) from skipped_record"
                + " where channel = ? and reason_code = 'NON_STOCK'", channel));
        ObjectNode rejected = node.putObject("rejected");
        rejected.put("NO_MATCHING_SALE", 0);
        rejected.put("NOT_A_SALE_OR_RETURN", 0);
        jdbc.query("""
                select reason_code, count(distinct record_ref) from dead_letter
                where channel = ? group by reason_code order by reason_code""",
                rs -> {
                    rejected.put(rs.getString(1), rs.getLong(2));
                }, channel);
        return node;
    }

    private long count(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    private String money(String sql, Object... args) {
        return text(jdbc.queryForObject(sql, BigDecimal.class, args));
    }

    private static String text(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(2, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
