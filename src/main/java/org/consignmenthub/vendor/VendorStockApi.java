package org.consignmenthub.vendor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.security.VendorScope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A vendor's stock: reports (snapshots and deltas) into intake, ship notices and their
 * receipts, and what the ledger holds and did for the vendor.
 */
@RestController
@RequestMapping(path = VendorStockApi.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Stock", description = "Stock reports, ship notices, positions and the journal")
class VendorStockApi {

    static final String BASE = "/api/v1/vendor";

    private final VendorStockIntake intake;
    private final VendorBooks books;
    private final ShipmentNotices notices;
    private final TransactionTemplate transaction;

    VendorStockApi(VendorStockIntake intake, VendorBooks books, ShipmentNotices notices,
            TransactionTemplate transaction) {
        this.intake = intake;
        this.books = books;
        this.notices = notices;
        this.transaction = transaction;
    }

    @PostMapping(path = "/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report stock levels (SNAPSHOT) or changes (RECEIPT, ADJUSTMENT with"
            + " a reason, RETURN_TO_VENDOR)", description = "Body: {\"reports\": [{\"reportId\","
            + " \"sku\", \"location\", \"kind\", \"quantity\", \"reference\", \"reason\","
            + " \"occurredAt\"}]}. Stored raw, then applied; 202 names the inbound message and"
            + " how many records were rejected (they are in the dead-letter store).")
    ResponseEntity<String> report(@RequestBody byte[] body,
            @RequestHeader(name = VendorRequestGate.IDEMPOTENCY_KEY, required = false)
            String idempotencyKey) {
        VendorStockIntake.Answer answer = intake.report(VendorScope.current(), body,
                idempotencyKey);
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
                .body(answer.json());
    }

    @GetMapping("/positions")
    @Operation(summary = "The vendor's stock per location, SKU and bucket")
    List<Map<String, Object>> positions(@RequestParam(required = false) String sku,
            @RequestParam(required = false) String location) {
        return books.positions(VendorScope.current(), sku, location);
    }

    @GetMapping("/movements")
    @Operation(summary = "The vendor's stock journal, oldest first, after a movement id")
    List<Map<String, Object>> movements(@RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        return books.movements(VendorScope.current(), after, limit);
    }

    @PostMapping(path = "/shipment-notices", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Announce a shipment (advance ship notice)")
    Map<String, Object> announce(@RequestBody ShipmentNotices.Notice notice) {
        return transaction.execute(s -> notices.announce(VendorScope.current(), notice));
    }

    @GetMapping("/shipment-notices")
    @Operation(summary = "The vendor's ship notices with announced and received quantities")
    List<Map<String, Object>> notices() {
        return notices.list(VendorScope.current());
    }

    @GetMapping("/shipment-notices/{id}")
    @Operation(summary = "One ship notice")
    Map<String, Object> notice(@PathVariable long id) {
        return notices.get(VendorScope.current(), id).orElseThrow(() -> unknownNotice(id));
    }

    @PostMapping(path = "/shipment-notices/{id}/receipts",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Confirm goods received against a notice", description = "Each"
            + " line becomes a RECEIPT stock report through intake; confirming the same"
            + " receiptRef again changes nothing.")
    ResponseEntity<Map<String, Object>> receive(@PathVariable long id,
            @RequestBody ShipmentNotices.Receipt receipt) throws Exception {
        VendorScope scope = VendorScope.current();
        Map<String, Object> report = notices.receiptReport(scope, id, receipt);

        VendorStockIntake.Answer taken = intake.report(scope,
                CanonicalJson.mapper().writeValueAsBytes(report), null);
        if (taken.status() != HttpStatus.ACCEPTED.value()) {
            return ResponseEntity.status(taken.status()).body(Map.of("intake", taken.json()));
        }

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("intake", CanonicalJson.mapper().readTree(taken.json()));
        answer.put("notice", notices.recordReceipt(scope, id, receipt));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    private static Refusal unknownNotice(long id) {
        return new Refusal("UNKNOWN_NOTICE", "notice", "there is no shipment notice " + id);
    }
}
