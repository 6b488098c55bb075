package org.consignmenthub.vendor.portal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consignmenthub.canonical.Money;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.security.VendorScope;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Everything the portal reads, each query bound to one vendor's scope. A row of another
 * vendor is never selected, so an id guessed or copied from elsewhere finds nothing and is
 * answered as unknown. Customers' personal data (names, addresses, e-mails, customer
 * references) and the retailer's shelf prices are never selected.
 */
class PortalReads {

    /** Channels a vendor's own stock reports come in on; the account is the vendor. */
    static final List<String> STOCK_CHANNELS = List.of("vendor-stock", "vendor-stock-api");

    private final NamedParameterJdbcTemplate sql;
    private final Clock clock;

    PortalReads(NamedParameterJdbcTemplate sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** One location and SKU of the vendor's consigned stock, valued at the agreed price. */
    record StockLine(String legalEntity, String location, String locationName, String sku,
            String description, long available, long allocated, long inTransit,
            long damaged, long onHand, BigDecimal agreedPrice, String currency,
            BigDecimal exposure) {
    }

    /** Exposure summed per currency: what the retailer holds of the vendor's goods. */
    record Exposure(String currency, long units, BigDecimal value) {
    }

    List<StockLine> stock(VendorScope scope) {
        MapSqlParameterSource at = scoped(scope).addValue("now", Timestamp.from(clock.instant()));
        return sql.query("""
                select p.legal_entity, p.location, l.name as location_name, p.sku,
                    i.description,
                    sum(p.quantity) filter (where p.bucket = 'AVAILABLE') as available,
                    sum(p.quantity) filter (where p.bucket = 'ALLOCATED') as allocated,
                    sum(p.quantity) filter (where p.bucket = 'IN_TRANSIT') as in_transit,
                    sum(p.quantity) filter (where p.bucket = 'DAMAGED') as damaged,
                    price.unit_price, price.currency
                from stock_position p
                left join location l on l.legal_entity = p.legal_entity
                    and l.code = p.location
                left join item i on i.legal_entity = p.legal_entity and i.sku = p.sku
                left join lateral (
                    select ap.unit_price, a.currency
                    from consignment_agreement a
                    join agreed_price ap on ap.agreement_id = a.id and ap.sku = p.sku
                    where a.legal_entity = p.legal_entity and a.vendor = :scope
                      and a.effective_from <= :now and ap.effective_from <= :now
                    order by a.version desc, ap.effective_from desc limit 1) price on true
                where p.owner = :scope
                group by p.legal_entity, p.location, l.name, p.sku, i.description,
                    price.unit_price, price.currency
                having sum(p.quantity) <> 0
                order by p.legal_entity, p.location, p.sku""", at, PortalReads::stockLine);
    }

    private static StockLine stockLine(ResultSet rs, int row) throws SQLException {
        long available = rs.getLong("available");
        long allocated = rs.getLong("allocated");
        long inTransit = rs.getLong("in_transit");
        long damaged = rs.getLong("damaged");
        // Units in transit to a customer are still the vendor's until title passes.
        long held = available + allocated + inTransit + damaged;
        BigDecimal price = rs.getBigDecimal("unit_price");
        String currency = rs.getString("currency");
        BigDecimal exposure = price == null ? null : Money.extend(held, price, currency);
        return new StockLine(rs.getString("legal_entity"), rs.getString("location"),
                rs.getString("location_name"), rs.getString("sku"), rs.getString("description"),
                available, allocated, inTransit, damaged, available + allocated + damaged,
                price, currency, exposure);
    }

    static List<Exposure> exposure(List<StockLine> stock) {
        Map<String, Exposure> totals = new LinkedHashMap<>();
        for (StockLine line : stock) {
            if (line.exposure() == null) {
                continue;
            }
            long units = line.onHand() + line.inTransit();
            totals.merge(line.currency(), new Exposure(line.currency(), units, line.exposure()),
                    (a, b) -> new Exposure(a.currency(), a.units() + b.units(),
                            a.value().add(b.value())));
        }
        return new ArrayList<>(totals.values());
    }

    /** The vendor's stock reports taken in recently, newest first, with their outcome. */
    List<Map<String, Object>> stockUpdates(VendorScope scope) {
        return sql.queryForList("""
                select m.id as "inboundId", m.channel, m.source_ref as "sourceRef",
                    m.received_at as "receivedAt", m.status, m.record_count as "records",
                    (select count(*) from dead_letter d where d.inbound_message_id = m.id)
                        as "rejected"
                from inbound_message m
                where m.account = :scope and m.channel in (:channels)
                order by m.id desc limit 50""",
                scoped(scope).addValue("channels", STOCK_CHANNELS));
    }

    /** One stock report of the vendor with every record refused, naming field and reason. */
    Map<String, Object> stockUpdate(VendorScope scope, long inboundId) {
        MapSqlParameterSource query = scoped(scope).addValue("id", inboundId)
                .addValue("channels", STOCK_CHANNELS);
        List<Map<String, Object>> found = sql.queryForList("""
                select m.id as "inboundId", m.channel, m.source_ref as "sourceRef",
                    m.received_at as "receivedAt", m.status, m.record_count as "records",
                    m.batches_sent as "batchesSent", m.batches_done as "batchesDone"
                from inbound_message m
                where m.id = :id and m.account = :scope and m.channel in (:channels)""",
                query);
        if (found.isEmpty()) {
            throw unknown("UNKNOWN_STOCK_UPDATE", "inboundId", "stock update " + inboundId);
        }
        Map<String, Object> update = new LinkedHashMap<>(found.get(0));
        update.put("refusals", sql.queryForList("""
                select d.record_ref as "recordRef", d.stage, d.field,
                    d.reason_code as "reasonCode", d.reason
                from dead_letter d
                join inbound_message m on m.id = d.inbound_message_id
                where d.inbound_message_id = :id and m.account = :scope
                  and m.channel in (:channels)
                order by d.id""", query));
        update.put("applied", sql.queryForObject("""
                select count(*) from processed_event e
                join inbound_message m on m.id = e.inbound_message_id
                where e.inbound_message_id = :id and m.account = :scope
                  and m.channel in (:channels) and e.outcome = 'APPLIED'""", query,
                Long.class));
        return update;
    }

    List<Map<String, Object>> transfers(VendorScope scope) {
        return sql.queryForList("""
                select t.id, t.legal_entity as "legalEntity", t.sku, t.location, t.channel,
                    t.order_ref as "orderRef", t.line_ref as "lineRef", t.quantity,
                    t.returned_qty as "returnedQty", t.unit_price as "unitPrice", t.currency,
                    t.agreement_version as "agreementVersion", t.sold_at as "soldAt",
                    t.transferred_at as "transferredAt", d.number as "invoiceNumber"
                from title_transfer t
                left join billing_line b on b.transfer_id = t.id and b.kind = 'INVOICE'
                    and b.vendor = :scope
                left join billing_document d on d.id = b.document_id and d.vendor = :scope
                where t.vendor = :scope
                order by t.transferred_at desc, t.id desc limit 500""", scoped(scope));
    }

    /**
     * A title transfer with what caused it: the sale of its order line and the shipment
     * part whose units passed, every shipment of that line, and the billing lines it wrote.
     */
    Map<String, Object> transfer(VendorScope scope, long transferId) {
        MapSqlParameterSource query = scoped(scope).addValue("id", transferId);
        List<Map<String, Object>> found = sql.queryForList("""
                select t.id, t.legal_entity as "legalEntity", t.sku, t.location, t.channel,
                    t.order_ref as "orderRef", t.line_ref as "lineRef", t.quantity,
                    t.returned_qty as "returnedQty", t.unit_price as "unitPrice", t.currency,
                    a.reference as "agreement", t.agreement_version as "agreementVersion",
                    t.sold_at as "soldAt", t.transferred_at as "transferredAt", t.cause,
                    t.shipment_part_id as "shipmentPartId"
                from title_transfer t
                join consignment_agreement a on a.id = t.agreement_id and a.vendor = :scope
                where t.id = :id and t.vendor = :scope""", query);
        if (found.isEmpty()) {
            throw unknown("UNKNOWN_TRANSFER", "transfer", "title transfer " + transferId);
        }
        Map<String, Object> transfer = new LinkedHashMap<>(found.get(0));
        transfer.put("sale", sql.queryForList("""
                select o.channel, o.order_ref as "orderRef", o.line_ref as "lineRef", o.sku,
                    o.location, o.quantity as "orderedQty", o.sold_qty as "soldQty",
                    o.cancelled_qty as "cancelledQty", o.sold_at as "soldAt"
                from order_line o
                join title_transfer t on t.legal_entity = o.legal_entity
                    and t.channel = o.channel and t.order_ref = o.order_ref
                    and t.line_ref = o.line_ref
                where t.id = :id and t.vendor = :scope""", query));
        transfer.put("shipment", sql.queryForList("""
                select s.shipment_ref as "shipmentRef", s.location, s.quantity,
                    s.transferred_qty as "transferredQty", s.shipped_at as "shippedAt"
                from shipment_part s
                join title_transfer t on t.shipment_part_id = s.id
                where t.id = :id and t.vendor = :scope""", query));
        transfer.put("shipmentsOfLine", sql.queryForList("""
                select s.shipment_ref as "shipmentRef", s.location, s.quantity,
                    s.shipped_at as "shippedAt"
                from shipment_line s
                join title_transfer t on t.legal_entity = s.legal_entity
                    and t.channel = s.channel and t.order_ref = s.order_ref
                    and t.line_ref = s.line_ref
                where t.id = :id and t.vendor = :scope
                order by s.shipped_at, s.shipment_ref""", query));
        transfer.put("billingLines", sql.queryForList("""
                select b.kind, d.number, b.quantity, b.unit_price as "unitPrice",
                    b.net_amount as "netAmount", b.tax_amount as "taxAmount", b.currency,
                    b.business_date as "businessDate"
                from billing_line b
                left join billing_document d on d.id = b.document_id and d.vendor = :scope
                where b.transfer_id = :id and b.vendor = :scope
                order by b.id""", query));
        return transfer;
    }

    List<Map<String, Object>> documents(VendorScope scope) {
        return sql.queryForList("""
                select d.number, d.kind, d.legal_entity as "legalEntity",
                    to_char(d.period_month, 'YYYY-MM') as "period", d.issued_at as "issuedAt",
                    d.currency, d.net_total as "netTotal", d.tax_total as "taxTotal",
                    d.net_total + d.tax_total as "grossTotal"
                from billing_document d
                where d.vendor = :scope
                order by d.issued_at desc, d.id desc""", scoped(scope));
    }

    /** A document as issued: who issued it to whom, under which agreement, and its lines. */
    Map<String, Object> document(VendorScope scope, String number) {
        MapSqlParameterSource query = scoped(scope).addValue("number", number);
        List<Map<String, Object>> found = sql.queryForList("""
                select d.number, d.kind, d.legal_entity as "legalEntity",
                    e.name as "retailer", v.name as "vendorName", d.vendor,
                    d.vendor_tax_registration as "vendorTaxRegistration",
                    d.self_billing_agreement as "selfBillingAgreement",
                    to_char(d.period_month, 'YYYY-MM') as "period", d.issued_at as "issuedAt",
                    d.currency, d.net_total as "netTotal", d.tax_total as "taxTotal",
                    d.net_total + d.tax_total as "grossTotal"
                from billing_document d
                join legal_entity e on e.code = d.legal_entity
                left join vendor v on v.legal_entity = d.legal_entity and v.code = d.vendor
                where d.number = :number and d.vendor = :scope""", query);
        if (found.isEmpty()) {
            throw unknown("UNKNOWN_DOCUMENT", "number", "document " + number);
        }
        Map<String, Object> document = new LinkedHashMap<>(found.get(0));
        document.put("lines", sql.queryForList("""
                select b.sku, i.description, b.quantity, b.unit_price as "unitPrice",
                    b.net_amount as "netAmount", b.tax_rate as "taxRate",
                    b.tax_amount as "taxAmount", b.business_date as "businessDate",
                    b.transfer_id as "transferId"
                from billing_line b
                join billing_document d on d.id = b.document_id
                left join item i on i.legal_entity = b.legal_entity and i.sku = b.sku
                where d.number = :number and d.vendor = :scope and b.vendor = :scope
                order by b.id""", query));
        return document;
    }

    /**
     * What the retailer owes the vendor per currency: invoices less credit notes as issued,
     * and lines written but not yet on a document (a settlement month still open).
     */
    List<Map<String, Object>> balance(VendorScope scope) {
        return sql.queryForList("""
                select currency,
                    coalesce(sum(net_amount + tax_amount) filter (where kind = 'INVOICE'
                        and document_id is not null), 0) as "invoiced",
                    coalesce(-sum(net_amount + tax_amount) filter (where kind = 'CREDIT_NOTE'
                        and document_id is not null), 0) as "credited",
                    coalesce(sum(net_amount + tax_amount) filter (where document_id is not null),
                        0) as "balance",
                    coalesce(sum(net_amount + tax_amount) filter (where document_id is null),
                        0) as "notYetIssued"
                from billing_line
                where vendor = :scope
                group by currency order by currency""", scoped(scope));
    }

    /** The vendor's discrepancy cases, open ones first, with the time left to answer. */
    List<Map<String, Object>> cases(VendorScope scope) {
        List<Map<String, Object>> cases = sql.queryForList(CASE_SELECT + """
                where d.vendor = :scope
                order by case when d.status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED')
                    then 0 else 1 end, d.due_at, d.id""", scoped(scope));
        cases.forEach(this::addClock);
        return cases;
    }

    Optional<Map<String, Object>> caseOf(VendorScope scope, long caseId) {
        List<Map<String, Object>> found = sql.queryForList(CASE_SELECT
                + " where d.id = :id and d.vendor = :scope", scoped(scope).addValue("id", caseId));
        found.forEach(this::addClock);
        return found.stream().findFirst();
    }

    /**
     * A case with its evidence: the count lines, the owners' shares, the vendor's own
     * movements of the SKU and location since the last count that agreed with the books,
     * its own stock reports, and the case history.
     */
    Map<String, Object> caseEvidence(VendorScope scope, long caseId) {
        Map<String, Object> found = caseOf(scope, caseId).orElseThrow(
                () -> unknown("UNKNOWN_CASE", "case", "discrepancy case " + caseId));
        MapSqlParameterSource query = scoped(scope).addValue("id", caseId);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("case", found);
        evidence.put("countLines", sql.queryForList("""
                select l.session_id as "session", l.line_ref as "lineRef",
                    l.counted_qty as "countedQty", l.counted_at as "countedAt"
                from count_line l
                join count_result r on r.session_id = l.session_id
                    and l.location = r.location and l.sku = r.sku
                join discrepancy_case d on d.result_id = r.id
                where d.id = :id and d.vendor = :scope
                order by l.line_ref""", query));
        evidence.put("attribution", sql.queryForList("""
                select a.owner, a.book_qty as "bookQty", a.variance
                from count_attribution a
                join discrepancy_case d on d.result_id = a.result_id
                where d.id = :id and d.vendor = :scope order by a.owner""", query));
        Timestamp since = sql.queryForObject("""
                select max(r.counted_at) from count_result r
                join discrepancy_case d on d.legal_entity = r.legal_entity
                    and d.location = r.location and d.sku = r.sku
                join count_result counted on counted.id = d.result_id
                where d.id = :id and d.vendor = :scope and r.within_tolerance
                  and r.counted_at < counted.counted_at""", query, Timestamp.class);
        evidence.put("lastGoodCountAt", since);
        evidence.put("movementsSinceLastGoodCount", sql.queryForList("""
                select m.id, m.bucket, m.quantity, m.reason, m.cause,
                    m.business_time as "businessTime"
                from stock_movement m
                join discrepancy_case d on d.legal_entity = m.legal_entity
                    and d.location = m.location and d.sku = m.sku
                join count_result counted on counted.id = d.result_id
                where d.id = :id and d.vendor = :scope and m.owner = :scope
                  and m.business_time > coalesce(:since, '-infinity'::timestamptz)
                  and m.business_time <= counted.counted_at
                order by m.business_time, m.id""", query.addValue("since", since)));
        evidence.put("ownReports", sql.queryForList("""
                select s.quantity, s.reported_at as "reportedAt", s.cause
                from vendor_stock_snapshot s
                join discrepancy_case d on d.legal_entity = s.legal_entity
                    and d.location = s.location and d.sku = s.sku
                where d.id = :id and d.vendor = :scope and s.vendor = :scope
                order by s.reported_at desc, s.id desc limit 10""", query));
        evidence.put("history", sql.queryForList("""
                select e.action, e.actor, e.note, e.at
                from discrepancy_case_event e
                join discrepancy_case d on d.id = e.case_id
                where d.id = :id and d.vendor = :scope order by e.id""", query));
        return evidence;
    }

    /** Whether every SKU named is one the vendor consigns; returns those that are not. */
    List<String> notConsignedBy(VendorScope scope, String legalEntity, List<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        List<String> own = sql.queryForList("""
                select sku from item
                where legal_entity = :legalEntity and vendor = :scope and sku in (:skus)""",
                scoped(scope).addValue("legalEntity", legalEntity).addValue("skus", skus),
                String.class);
        return skus.stream().filter(sku -> !own.contains(sku)).distinct().toList();
    }

    /** The legal entities the vendor consigns to (a vendor code names it in each). */
    List<String> legalEntities(VendorScope scope) {
        return sql.queryForList("select legal_entity from vendor where code = :scope"
                + " order by legal_entity", scoped(scope), String.class);
    }

    /** The vendor's name as the catalog gives it, for the page header. */
    String vendorName(VendorScope scope) {
        List<String> names = sql.queryForList("select name from vendor where code = :scope"
                + " order by legal_entity limit 1", scoped(scope), String.class);
        return names.isEmpty() ? scope.vendorCode() : names.get(0);
    }

    private void addClock(Map<String, Object> found) {
        Instant due = ((Timestamp) found.get("dueAt")).toInstant();
        Instant now = clock.instant();
        boolean open = List.of("OPEN", "DISPUTED", "RECOUNT_REQUESTED")
                .contains((String) found.get("status"));
        found.put("open", open);
        found.put("secondsToDeadline", open ? Duration.between(now, due).toSeconds() : null);
        found.put("overdue", open && due.isBefore(now));
    }

    private static MapSqlParameterSource scoped(VendorScope scope) {
        return new MapSqlParameterSource("scope", scope.sqlValue());
    }

    static Refusal unknown(String reasonCode, String field, String what) {
        return new Refusal(reasonCode, field, "there is no " + what + " of yours");
    }

    private static final String CASE_SELECT = """
            select d.id, d.legal_entity as "legalEntity", d.location, d.sku,
                d.book_qty as "bookQty", d.counted_qty as "countedQty", d.variance,
                d.status, d.opened_at as "openedAt", d.due_at as "dueAt",
                d.dispute_reason as "disputeReason", d.bearer, d.closed_at as "closedAt",
                r.counted_at as "countedAt"
            from discrepancy_case d
            join count_result r on r.id = d.result_id
            """;
}
