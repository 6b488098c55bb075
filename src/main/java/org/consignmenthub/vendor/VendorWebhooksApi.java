package org.consignmenthub.vendor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.consignmenthub.security.VendorScope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A vendor's webhook subscriptions and the deliveries made to them. */
@RestController
@RequestMapping(path = VendorStockApi.BASE + "/webhooks",
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks", description = "Signed event deliveries to the vendor's systems")
class VendorWebhooksApi {

    private final WebhookSubscriptions subscriptions;

    VendorWebhooksApi(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    record Registration(String url, List<String> events) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register an address for events", description = "Events:"
            + " stock.changed, title.transferred, invoice.issued, return.credited,"
            + " discrepancy.opened. The answer holds the signing secret, shown this once."
            + " Each delivery carries X-Hub-Signature: t=<unix seconds>,v1=<hex"
            + " HMAC-SHA256 of '<t>.<body>'>, X-Hub-Event and X-Hub-Delivery.")
    Map<String, Object> register(@RequestBody Registration registration) {
        return subscriptions.register(VendorScope.current(), registration.url(),
                registration.events());
    }

    @GetMapping
    @Operation(summary = "The vendor's subscriptions (without secrets)")
    List<Map<String, Object>> list() {
        return subscriptions.list(VendorScope.current());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription (without its secret)")
    Map<String, Object> get(@PathVariable long id) {
        return subscriptions.get(VendorScope.current(), id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a subscription; its pending deliveries are not sent")
    void remove(@PathVariable long id) {
        subscriptions.remove(VendorScope.current(), id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "Recent deliveries with their status, attempts and last error")
    List<Map<String, Object>> deliveries(@PathVariable long id,
            @RequestParam(defaultValue = "50") int limit) {
        return subscriptions.deliveries(VendorScope.current(), id, limit);
    }
}
