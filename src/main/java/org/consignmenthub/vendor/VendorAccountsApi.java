package org.consignmenthub.vendor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.security.VendorScope;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What became of a vendor's goods: title transfers, invoices, credit notes, balance. */
@RestController
@RequestMapping(path = VendorStockApi.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts", description = "Title transfers, self-billing documents and balance")
class VendorAccountsApi {

    private final VendorBooks books;

    VendorAccountsApi(VendorBooks books) {
        this.books = books;
    }

    @GetMapping("/title-transfers")
    @Operation(summary = "Units whose title passed to the retailer, oldest first")
    List<Map<String, Object>> titleTransfers(@RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        return books.titleTransfers(VendorScope.current(), after, limit);
    }

    @GetMapping("/invoices")
    @Operation(summary = "Self-billing invoices issued to the vendor, newest first")
    List<Map<String, Object>> invoices() {
        return books.documents(VendorScope.current(), "INVOICE");
    }

    @GetMapping("/invoices/{id}")
    @Operation(summary = "One invoice with its lines and totals")
    Map<String, Object> invoice(@PathVariable long id) {
        return books.document(VendorScope.current(), "INVOICE", id)
                .orElseThrow(() -> unknown("invoice", id));
    }

    @GetMapping("/credit-notes")
    @Operation(summary = "Credit notes for customer returns, newest first")
    List<Map<String, Object>> creditNotes() {
        return books.documents(VendorScope.current(), "CREDIT_NOTE");
    }

    @GetMapping("/credit-notes/{id}")
    @Operation(summary = "One credit note with its lines and totals")
    Map<String, Object> creditNote(@PathVariable long id) {
        return books.document(VendorScope.current(), "CREDIT_NOTE", id)
                .orElseThrow(() -> unknown("credit note", id));
    }

    @GetMapping("/balance")
    @Operation(summary = "What the retailer owes the vendor per legal entity and currency",
            description = "balance = invoiced - credited - paid (gross). The hub records no"
                    + " payments yet, so paid is 0; lines of open settlement periods are"
                    + " shown as notYetInvoiced and are not in the balance.")
    List<Map<String, Object>> balance() {
        return books.balance(VendorScope.current());
    }

    private static Refusal unknown(String what, long id) {
        return new Refusal("UNKNOWN_DOCUMENT", "id", "there is no " + what + " " + id);
    }
}
