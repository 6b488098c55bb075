package org.consignmenthub.api;

import java.util.List;
import java.util.Map;
import org.consignmenthub.intake.MissedMessages;
import org.consignmenthub.runtime.ShopifyMissedOrders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The missed-message checks: their latest results, and a check run on demand. */
@RestController
@RequestMapping(path = "/api/missed-messages", produces = MediaType.APPLICATION_JSON_VALUE)
class MissedMessagesApi {

    private final MissedMessages missed;
    private final ShopifyMissedOrders shopify;

    MissedMessagesApi(MissedMessages missed, ShopifyMissedOrders shopify) {
        this.missed = missed;
        this.shopify = shopify;
    }

    @GetMapping
    List<Map<String, Object>> latest(@RequestParam(defaultValue = "20") int limit) {
        return missed.latestChecks(Math.min(Math.max(limit, 1), 500));
    }

    @PostMapping("/shopify/{account}/check")
    Map<String, Object> check(@PathVariable String account) {
        return Map.of("channel", "shopify", "account", account, "missing",
                shopify.check(account));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> unknownShop(IllegalArgumentException unknown) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("error", "UNKNOWN_ACCOUNT", "reason", unknown.getMessage()));
    }
}
