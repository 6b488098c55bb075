package org.consignmenthub.vendor.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.reconciliation.CountMatching;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.consignmenthub.security.Parties;
import org.consignmenthub.security.Party;
import org.consignmenthub.security.VendorScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON calls behind the portal's pages. The vendor is always the signed-in party's;
 * no call takes a vendor from the request. Every answer names that vendor, and refusals
 * carry {@code reasonCode}, {@code field} and {@code reason} like the rest of the hub.
 */
@RestController
@RequestMapping(path = "/portal/api", produces = MediaType.APPLICATION_JSON_VALUE)
class PortalApi {

    private static final Logger log = LoggerFactory.getLogger(PortalApi.class);

    private final PortalReads reads;
    private final PortalStockUpdates stockUpdates;
    private final PortalCountSheets countSheets;
    private final DiscrepancyCases cases;
    private final TransactionTemplate transaction;

    PortalApi(PortalReads reads, PortalStockUpdates stockUpdates,
            PortalCountSheets countSheets, DiscrepancyCases cases,
            TransactionTemplate transaction) {
        this.reads = reads;
        this.stockUpdates = stockUpdates;
        this.countSheets = countSheets;
        this.cases = cases;
        this.transaction = transaction;
    }

    record CaseAnswer(String reason, String note) {
    }

    @GetMapping("/me")
    Map<String, Object> me() {
        Party party = Parties.current();
        Map<String, Object> me = answerFor(party.scope());
        me.put("user", party.name());
        me.put("vendorName", reads.vendorName(party.scope()));
        me.put("legalEntities", reads.legalEntities(party.scope()));
        return me;
    }

    @GetMapping("/stock")
    Map<String, Object> stock() {
        VendorScope scope = VendorScope.current();
        List<PortalReads.StockLine> lines = reads.stock(scope);
        Map<String, Object> stock = answerFor(scope);
        stock.put("lines", lines);
        stock.put("exposure", PortalReads.exposure(lines));
        return stock;
    }

    @PostMapping(path = "/stock/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> report(@RequestBody PortalStockUpdates.StockForm form) {
        Party vendor = Parties.current();
        PortalStockUpdates.Receipt receipt = stockUpdates.report(vendor, form);
        return reads.stockUpdate(vendor.scope(), receipt.inboundId());
    }

    /** An uploaded stock file, sent as the request body; {@code name} is its file name. */
    @PostMapping(path = "/stock/files")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> upload(@RequestParam String name, @RequestBody byte[] content) {
        Party vendor = Parties.current();
        PortalStockUpdates.Receipt receipt = stockUpdates.upload(vendor, name, content);
        return reads.stockUpdate(vendor.scope(), receipt.inboundId());
    }

    @GetMapping("/stock/updates")
    Map<String, Object> stockUpdates() {
        VendorScope scope = VendorScope.current();
        Map<String, Object> updates = answerFor(scope);
        updates.put("updates", reads.stockUpdates(scope));
        return updates;
    }

    @GetMapping("/stock/updates/{inboundId}")
    Map<String, Object> stockUpdate(@PathVariable long inboundId) {
        return reads.stockUpdate(VendorScope.current(), inboundId);
    }

    @GetMapping("/transfers")
    Map<String, Object> transfers() {
        VendorScope scope = VendorScope.current();
        Map<String, Object> transfers = answerFor(scope);
        transfers.put("transfers", reads.transfers(scope));
        return transfers;
    }

    @GetMapping("/transfers/{id}")
    Map<String, Object> transfer(@PathVariable long id) {
        return reads.transfer(VendorScope.current(), id);
    }

    @GetMapping("/documents")
    Map<String, Object> documents() {
        VendorScope scope = VendorScope.current();
        Map<String, Object> documents = answerFor(scope);
        documents.put("documents", reads.documents(scope));
        documents.put("balance", reads.balance(scope));
        return documents;
    }

    @GetMapping("/documents/{number}")
    Map<String, Object> document(@PathVariable String number) {
        return reads.document(VendorScope.current(), number);
    }

    @GetMapping(path = "/documents/{number}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        Party vendor = Parties.current();
        Map<String, Object> document = reads.document(vendor.scope(), number);

        byte[] pdf = SelfBillingPdf.render(document);

        log.info("Billing document downloaded vendor={} user={} number={}",
                vendor.vendorCode(), vendor.name(), number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(number + ".pdf").build().toString())
                .body(pdf);
    }

    @GetMapping("/cases")
    Map<String, Object> cases() {
        VendorScope scope = VendorScope.current();
        Map<String, Object> found = answerFor(scope);
        found.put("cases", reads.cases(scope));
        return found;
    }

    @GetMapping("/cases/{id}")
    Map<String, Object> caseEvidence(@PathVariable long id) {
        return reads.caseEvidence(VendorScope.current(), id);
    }

    /** The vendor accepts the count; the agreement says who bears the difference. */
    @PostMapping("/cases/{id}/accept")
    Map<String, Object> accept(@PathVariable long id) {
        Party vendor = Parties.current();
        return answer(vendor, id, () -> cases.acceptByVendor(id, vendor.name()));
    }

    @PostMapping("/cases/{id}/dispute")
    Map<String, Object> dispute(@PathVariable long id, @RequestBody CaseAnswer answer) {
        Party vendor = Parties.current();
        return answer(vendor, id, () -> cases.dispute(id, vendor.name(), answer.reason()));
    }

    @PostMapping("/cases/{id}/recount")
    Map<String, Object> recount(@PathVariable long id,
            @RequestBody(required = false) CaseAnswer answer) {
        Party vendor = Parties.current();
        String note = answer == null ? null : answer.note();
        return answer(vendor, id, () -> cases.requestRecount(id, vendor.name(), note));
    }

    @PostMapping(path = "/counts", consumes = MediaType.APPLICATION_JSON_VALUE)
    CountMatching.Outcome count(@RequestBody PortalCountSheets.CountSheet sheet) {
        return countSheets.submit(Parties.current(), sheet);
    }

    /**
     * Answers a case in one transaction with the check that it is the vendor's own: the
     * reconciliation service knows cases by id only.
     */
    private Map<String, Object> answer(Party vendor, long caseId,
            java.util.function.Supplier<DiscrepancyCases.Case> action) {
        transaction.executeWithoutResult(status -> {
            reads.caseOf(vendor.scope(), caseId).orElseThrow(() -> PortalReads.unknown(
                    "UNKNOWN_CASE", "case", "discrepancy case " + caseId));
            action.get();
        });
        return reads.caseEvidence(vendor.scope(), caseId);
    }

    private static Map<String, Object> answerFor(VendorScope scope) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("vendor", scope.vendorCode());
        return answer;
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        HttpStatus status;
        if (refusal.reasonCode().startsWith("UNKNOWN_") && !refusal.reasonCode()
                .equals("UNKNOWN_SKU") && !refusal.reasonCode().equals("UNKNOWN_LOCATION")) {
            status = HttpStatus.NOT_FOUND;
        } else if (List.of("INVALID_FIELD", "NOT_VENDORS_SKU", "UNKNOWN_SKU",
                "UNKNOWN_LOCATION").contains(refusal.reasonCode())) {
            status = HttpStatus.BAD_REQUEST;
        } else {
            // Sound request, but the case or session is not in a state to take it.
            status = HttpStatus.CONFLICT;
        }
        return refusal(status, refusal.reasonCode(), refusal.field(), refusal.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> notTakenIn(IllegalStateException failure) {
        log.error("Portal request failed cause={}", failure.getMessage(), failure);
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "NOT_TAKEN_IN", null,
                failure.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> refusal(HttpStatus status,
            String reasonCode, String field, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", reasonCode);
        body.put("field", field);
        body.put("reason", reason);
        return ResponseEntity.status(status).body(body);
    }
}
