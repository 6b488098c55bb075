package org.consignmenthub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.consignmenthub.catalog.CatalogLoader;
import org.consignmenthub.catalog.CatalogRefused;
import org.consignmenthub.reporting.ConsignmentSummary;
import org.consignmenthub.runtime.SettlementScheduler;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API: the catalog and agreements, stock by owner, self-billing documents
 * and the consignment summary, read live from the books; and the two actions operations
 * staff take by hand: loading a catalog and closing settlement months on demand. The
 * dead-letter store has its own API ({@link DeadLetterApi}).
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsApi {

    private final JdbcTemplate jdbc;
    private final CatalogLoader catalogLoader;
    private final ConsignmentSummary summary;
    private final SettlementScheduler settlement;

    OperationsApi(JdbcTemplate jdbc, CatalogLoader catalogLoader, ConsignmentSummary summary,
            SettlementScheduler settlement) {
        this.jdbc = jdbc;
        this.catalogLoader = catalogLoader;
        this.summary = summary;
        this.settlement = settlement;
    }

    @PostMapping(path = "/catalog", consumes = {"application/yaml", "application/x-yaml",
        MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> loadCatalog(@RequestBody byte[] document) throws IOException {
        catalogLoader.load(CatalogLoader.parse(new ByteArrayInputStream(document)));
        return Map.of("loaded", true);
    }

    @GetMapping("/agreements")
    List<Map<String, Object>> agreements(@RequestParam(required = false) String vendor) {
        return jdbc.queryForList("""
                select a.legal_entity, a.vendor, a.version, a.reference, a.effective_from,
                    a.currency, a.tax_rate, a.settlement_period, a.time_zone,
                    a.return_window_hours, a.transfer_trigger, a.consumption_priority,
                    (select count(*) from agreed_price p where p.agreement_id = a.id) as prices
                from consignment_agreement a
                where ?::text is null or a.vendor = ?
                order by a.legal_entity, a.vendor, a.version""", vendor, vendor);
    }

    @GetMapping("/agreements/{vendor}/prices")
    List<Map<String, Object>> prices(@PathVariable String vendor) {
        return jdbc.queryForList("""
                select a.legal_entity, a.version, p.sku, p.unit_price, p.effective_from
                from agreed_price p join consignment_agreement a on a.id = p.agreement_id
                where a.vendor = ? order by a.version, p.sku, p.effective_from""", vendor);
    }

    @GetMapping("/vendors")
    List<Map<String, Object>> vendors() {
        return jdbc.queryForList("select legal_entity, code, name, tax_registration"
                + " from vendor order by legal_entity, code");
    }

    @GetMapping("/locations")
    List<Map<String, Object>> locations() {
        return jdbc.queryForList("select legal_entity, code, name from location"
                + " order by legal_entity, code");
    }

    @GetMapping("/items/{sku}")
    List<Map<String, Object>> item(@PathVariable String sku) {
        return jdbc.queryForList("select legal_entity, sku, description, vendor from item"
                + " where sku = ?", sku);
    }

    /** Stock per location and SKU, consigned (by vendor) and owned side by side. */
    @GetMapping("/stock")
    List<Map<String, Object>> stock(@RequestParam(required = false) String sku,
            @RequestParam(required = false) String location) {
        return jdbc.queryForList("""
                select legal_entity, location, sku, owner,
                    case when owner = 'RETAILER' then 'OWNED' else 'CONSIGNED' end as ownership,
                    sum(quantity) filter (where bucket = 'AVAILABLE') as available,
                    sum(quantity) filter (where bucket = 'ALLOCATED') as allocated,
                    sum(quantity) filter (where bucket = 'IN_TRANSIT') as in_transit,
                    sum(quantity) filter (where bucket = 'DAMAGED') as damaged
                from stock_position
                where (?::text is null or sku = ?) and (?::text is null or location = ?)
                group by legal_entity, location, sku, owner
                order by legal_entity, location, sku, owner
                limit 5000""", sku, sku, location, location);
    }

    @GetMapping("/billing/documents")
    List<Map<String, Object>> documents(@RequestParam(required = false) String vendor) {
        return jdbc.queryForList("""
                select number, legal_entity, vendor, kind, to_char(period_month, 'YYYY-MM')
                    as period, issued_at, currency, net_total, tax_total,
                    vendor_tax_registration, self_billing_agreement
                from billing_document where ?::text is null or vendor = ?
                order by legal_entity, vendor, kind, sequence_number""", vendor, vendor);
    }

    @GetMapping("/billing/documents/{number}/lines")
    ResponseEntity<?> documentLines(@PathVariable String number) {
        Integer documents = jdbc.queryForObject(
                "select count(*) from billing_document where number = ?", Integer.class, number);
        if (documents == 0) {
            return ResponseEntity.status(404).body(Map.of("reasonCode", "UNKNOWN_DOCUMENT",
                    "field", "number", "reason", "no billing document " + number));
        }
        return ResponseEntity.ok(jdbc.queryForList("""
                select l.id, l.sku, l.quantity, l.unit_price, l.net_amount, l.tax_rate,
                    l.tax_amount, l.business_date, l.reverses_line, t.order_ref, t.line_ref
                from billing_line l
                join billing_document d on d.id = l.document_id
                join title_transfer t on t.id = l.transfer_id
                where d.number = ? order by l.id""", number));
    }

    /** Closes settlement months the hub's clock has passed, or every open one. */
    @PostMapping("/billing/close")
    Map<String, Object> close(@RequestParam(defaultValue = "false") boolean all) {
        int closed = all ? settlement.closeAllOpenPeriods() : settlement.closeEndedPeriods();
        return Map.of("periodsClosed", closed);
    }

    /** A catalog or request the hub cannot use is the caller's error, told in words. */
    @ExceptionHandler({IOException.class, IllegalArgumentException.class,
        DataIntegrityViolationException.class})
    ResponseEntity<Map<String, Object>> badRequest(Exception e) {
        if (e instanceof CatalogRefused refused) {
            return ResponseEntity.badRequest().body(Map.of("error", refused.getMessage(),
                    "problems", refused.problems()));
        }
        Throwable cause = e instanceof DataIntegrityViolationException d
                ? d.getMostSpecificCause() : e;
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(
                cause.getMessage())));
    }

    @GetMapping("/summary")
    ObjectNode summary(@RequestParam(defaultValue = "UK-RETAIL") String legalEntity,
            @RequestParam(defaultValue = "online-retail") String channel) {
        return summary.of(legalEntity, channel);
    }
}
