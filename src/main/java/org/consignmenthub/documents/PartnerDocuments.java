package org.consignmenthub.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.OrderAcknowledged;
import org.consignmenthub.canonical.VendorInvoiceReceived;
import org.consignmenthub.canonical.WarehouseOrderReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records partner documents that book nothing: one row per event, readable by operations.
 * Runs inside the processor's transaction; it writes only {@code partner_document}, never
 * a movement, transfer or billing line.
 */
public class PartnerDocuments {

    private static final Logger log = LoggerFactory.getLogger(PartnerDocuments.class);

    private final JdbcTemplate jdbc;

    public PartnerDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A hub document a vendor's invoice was set beside, and the hub's gross total. */
    record HubDocument(String number, BigDecimal grossTotal) {
    }

    public void record(CanonicalEvent event) {
        if (event instanceof VendorInvoiceReceived e) {
            invoice(e);
        } else if (event instanceof OrderAcknowledged e) {
            insert(e, e.orderRef(), e.status().name(), null, null, e.lines().size(), null);
            log.info("Order acknowledgement recorded channel={} account={} order={} status={}"
                    + " lines={}", e.key().channel(), e.key().account(), e.orderRef(),
                    e.status(), e.lines().size());
        } else if (event instanceof WarehouseOrderReceived e) {
            insert(e, e.orderRef(), null, null, null, e.lines().size(), null);
            log.info("Warehouse order recorded channel={} account={} order={} warehouse={}"
                    + " lines={}", e.key().channel(), e.key().account(), e.orderRef(),
                    e.warehouse(), e.lines().size());
        } else {
            throw new IllegalArgumentException("not a partner document: " + event.key());
        }
    }

    private void invoice(VendorInvoiceReceived e) {
        HubDocument hub = hubDocument(e);

        insert(e, e.invoiceNumber(), e.kind().name(), e.currency(), e.invoiceTotal(),
                e.lines().size(), hub);

        log.info("Vendor invoice recorded channel={} vendor={} invoice={} kind={} currency={}"
                + " total={} hubDocument={}", e.key().channel(), e.vendor(), e.invoiceNumber(),
                e.kind(), e.currency(), e.invoiceTotal(), hub == null ? null : hub.number());
    }

    /**
     * The hub's self-billing document the vendor's invoice answers: one whose number the
     * invoice names among its references, else the only one of its kind and currency for
     * the vendor and the month of the invoice date (in UTC). None when neither is found.
     */
    HubDocument hubDocument(VendorInvoiceReceived e) {
        List<Map<String, Object>> named = jdbc.queryForList("""
                select number, net_total + tax_total as gross from billing_document
                where legal_entity = ? and vendor = ? and number = any(?)""",
                e.key().legalEntity(), e.vendor(), e.references().toArray(String[]::new));
        if (named.size() == 1) {
            return hub(named.get(0));
        }
        List<Map<String, Object>> ofMonth = jdbc.queryForList("""
                select number, net_total + tax_total as gross from billing_document
                where legal_entity = ? and vendor = ? and kind = ? and currency = ?
                  and period_month = date_trunc('month', ?::date)""",
                e.key().legalEntity(), e.vendor(), e.kind().name(), e.currency(),
                e.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate());
        return ofMonth.size() == 1 ? hub(ofMonth.get(0)) : null;
    }

    private static HubDocument hub(Map<String, Object> row) {
        return new HubDocument((String) row.get("number"), (BigDecimal) row.get("gross"));
    }

    private void insert(CanonicalEvent e, String ref, String status, String currency,
            BigDecimal total, int lines, HubDocument hub) {
        BigDecimal difference = hub == null || total == null ? null
                : total.subtract(hub.grossTotal());
        jdbc.update("""
                insert into partner_document (legal_entity, channel, account, document_type,
                    document_ref, event_key, status, occurred_at, currency, document_total,
                    line_count, hub_document, hub_total, difference, content)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (event_key) do nothing""",
                e.key().legalEntity(), e.key().channel(), e.key().account(),
                e.getClass().getSimpleName(), ref, e.key().toString(), status,
                Timestamp.from(e.occurredAt()), currency, total, lines,
                hub == null ? null : hub.number(), hub == null ? null : hub.grossTotal(),
                difference, json(e));
    }

    private static String json(CanonicalEvent event) {
        try {
            return CanonicalJson.mapper().writerFor(CanonicalEvent.class)
                    .writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.key() + " could not be written", e);
        }
    }
}
