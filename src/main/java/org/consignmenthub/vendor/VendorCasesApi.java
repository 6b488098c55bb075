package org.consignmenthub.vendor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.consignmenthub.security.Parties;
import org.consignmenthub.security.VendorScope;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A vendor's discrepancy cases and its answers to them; recorded under the caller. */
@RestController
@RequestMapping(path = VendorStockApi.BASE + "/discrepancies",
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Discrepancies", description = "Count differences put to the vendor")
class VendorCasesApi {

    private final VendorCases cases;
    private final TransactionTemplate transaction;

    VendorCasesApi(VendorCases cases, TransactionTemplate transaction) {
        this.cases = cases;
        this.transaction = transaction;
    }

    /** An answer's words: a dispute needs a reason; a note is optional. */
    record Answer(String reason, String note) {
    }

    @GetMapping
    @Operation(summary = "The vendor's cases, optionally of one status")
    List<DiscrepancyCases.Case> list(@RequestParam(required = false) String status) {
        return cases.list(VendorScope.current(), status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A case with its evidence: count lines, shares, movements, history")
    Map<String, Object> evidence(@PathVariable long id) {
        return cases.evidence(VendorScope.current(), id);
    }

    @PostMapping("/{id}/accept")
    @Operation(summary = "Accept the count; the agreement says who bears the difference")
    DiscrepancyCases.Case accept(@PathVariable long id) {
        return transaction.execute(s -> cases.accept(VendorScope.current(), id, actor()));
    }

    @PostMapping(path = "/{id}/dispute", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Dispute the count with a reason")
    DiscrepancyCases.Case dispute(@PathVariable long id, @RequestBody Answer answer) {
        return transaction.execute(s -> cases.dispute(VendorScope.current(), id, actor(),
                answer.reason()));
    }

    @PostMapping("/{id}/recount")
    @Operation(summary = "Ask for the location and SKU to be counted again")
    DiscrepancyCases.Case recount(@PathVariable long id,
            @RequestBody(required = false) Answer answer) {
        return transaction.execute(s -> cases.requestRecount(VendorScope.current(), id,
                actor(), answer == null ? null : answer.note()));
    }

    private static String actor() {
        return Parties.current().name();
    }
}
