package org.consignmenthub.vendor;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consignmenthub.security.VendorScope;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the books say about one vendor's consigned stock and money, read for that vendor
 * only: every query binds the scope in its own SQL. Used by the vendor API and by the
 * vendor portal pages alike.
 */
public class VendorBooks {

    /** The most rows one page of the journal or of transfers holds. */
    public static final int MAX_PAGE = 1000;

    private static final String DOCUMENT = """
            select id, legal_entity as "legalEntity", kind, number,
                sequence_number as "sequenceNumber", period_month as "periodMonth",
                issued_at as "issuedAt", currency, net_total as "netTotal",
                tax_total as "taxTotal", net_total + tax_total as "grossTotal",
                self_billing_agreement as "selfBillingAgreement"
            from billing_document
            """;

    private final JdbcTemplate jdbc;

    public VendorBooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The vendor's stock per legal entity, location, SKU and bucket, zero levels left out. */
    public List<Map<String, Object>> positions(VendorScope scope, String sku, String location) {
        return jdbc.queryForList("""
                select legal_entity as "legalEntity", location, sku, bucket, quantity
                from stock_position
                where owner = ? and quantity <> 0
                  and (cast(? as text) is null or sku = ?)
                  and (cast(? as text) is null or location = ?)
                order by legal_entity, location, sku, bucket""",
                scope.sqlValue(), sku, sku, location, location);
    }

    /** The vendor's movements after {@code afterId}, oldest first, one page at a time. */
    public List<Map<String, Object>> movements(VendorScope scope, long afterId, int limit) {
        return jdbc.queryForList("""
                select id, legal_entity as "legalEntity", location, sku, bucket, quantity,
                    reason, cause, business_time as "businessTime",
                    recorded_at as "recordedAt"
                from stock_movement
                where owner = ? and id > ?
                order by id limit ?""", scope.sqlValue(), afterId, page(limit));
    }

    /** Title transfers of the vendor's goods after {@code afterId}, oldest first. */
    public List<Map<String, Object>> titleTransfers(VendorScope scope, long afterId,
            int limit) {
        return jdbc.queryForList("""
                select id, legal_entity as "legalEntity", channel, order_ref as "orderRef",
                    line_ref as "lineRef", sku, location, quantity,
                    returned_qty as "returnedQty", unit_price as "unitPrice", currency,
                    agreement_version as "agreementVersion", sold_at as "soldAt",
                    transferred_at as "transferredAt"
                from title_transfer
                where vendor = ? and id > ?
                order by id limit ?""", scope.sqlValue(), afterId, page(limit));
    }

    /** Issued invoices ({@code INVOICE}) or credit notes ({@code CREDIT_NOTE}), newest first. */
    public List<Map<String, Object>> documents(VendorScope scope, String kind) {
        return jdbc.queryForList(DOCUMENT + """
                where vendor = ? and kind = ?
                order by issued_at desc, id desc""", scope.sqlValue(), kind);
    }

    /** One of the vendor's documents with its lines; empty when it is not the vendor's. */
    public Optional<Map<String, Object>> document(VendorScope scope, String kind, long id) {
        List<Map<String, Object>> found = jdbc.queryForList(DOCUMENT
                + "where vendor = ? and kind = ? and id = ?", scope.sqlValue(), kind, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }

        Map<String, Object> document = new LinkedHashMap<>(found.get(0));
        document.put("lines", jdbc.queryForList("""
                select id, sku, quantity, unit_price as "unitPrice",
                    net_amount as "netAmount", tax_rate as "taxRate",
                    tax_amount as "taxAmount", currency, business_date as "businessDate",
                    transfer_id as "titleTransferId", reverses_line as "reversesLine"
                from billing_line
                where vendor = ? and document_id = ?
                order by id""", scope.sqlValue(), id));
        return Optional.of(document);
    }

    /**
     * What the retailer owes the vendor, per legal entity and currency: invoiced minus
     * credited (gross, tax included). The hub records no payments, so {@code paid} is
     * zero and the balance is what the documents add up to; lines waiting for their
     * settlement period to close are shown apart as {@code notYetInvoiced}.
     */
    public List<Map<String, Object>> balance(VendorScope scope) {
        List<Map<String, Object>> balances = jdbc.queryForList("""
                with documents as (
                    select legal_entity, currency,
                        sum(case when kind = 'INVOICE' then net_total + tax_total else 0 end)
                            as invoiced,
                        sum(case when kind = 'CREDIT_NOTE'
                            then abs(net_total + tax_total) else 0 end) as credited
                    from billing_document where vendor = ?
                    group by legal_entity, currency),
                open_lines as (
                    select legal_entity, currency, sum(net_amount + tax_amount) as pending
                    from billing_line where vendor = ? and document_id is null
                    group by legal_entity, currency)
                select coalesce(d.legal_entity, o.legal_entity) as "legalEntity",
                    coalesce(d.currency, o.currency) as currency,
                    coalesce(d.invoiced, 0) as invoiced, coalesce(d.credited, 0) as credited,
                    coalesce(o.pending, 0) as "notYetInvoiced"
                from documents d full join open_lines o
                    on o.legal_entity = d.legal_entity and o.currency = d.currency
                order by 1, 2""", scope.sqlValue(), scope.sqlValue());
        for (Map<String, Object> row : balances) {
            BigDecimal invoiced = (BigDecimal) row.get("invoiced");
            BigDecimal credited = (BigDecimal) row.get("credited");
            row.put("paid", BigDecimal.ZERO.setScale(2));
            row.put("balance", invoiced.subtract(credited));
        }
        return balances;
    }

    private static int page(int limit) {
        return Math.max(1, Math.min(limit, MAX_PAGE));
    }
}
