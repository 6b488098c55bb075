package org.consignmenthub.vendor;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the vendor API ({@code hub.vendor-api}): how long an idempotency key keeps
 * its answer, each vendor's request allowance, and how webhook deliveries are retried.
 */
@ConfigurationProperties(prefix = "hub.vendor-api")
public record VendorApiSettings(
        @DefaultValue("24h") Duration idempotencyKeyLifetime,
        @DefaultValue Allowance rateLimit,
        Map<String, Allowance> vendorRateLimits,
        @DefaultValue Webhooks webhooks) {

    public VendorApiSettings {
        vendorRateLimits = vendorRateLimits == null ? Map.of() : Map.copyOf(vendorRateLimits);
    }

    /**
     * A token bucket: a vendor may send {@code burst} requests at once, and
     * {@code perSecond} more each second after that.
     */
    public record Allowance(@DefaultValue("50") int burst,
            @DefaultValue("20") double perSecond) {

        public Allowance {
            if (burst < 1 || perSecond <= 0) {
                throw new IllegalArgumentException("a rate limit needs a burst of at least 1"
                        + " and a positive rate per second, was burst=" + burst
                        + " perSecond=" + perSecond);
            }
        }
    }

    /**
     * Webhook deliveries: looked for every {@code pollMs}; a failed one is tried again
     * after {@code firstDelay}, doubling up to {@code maxDelay}, and marked FAILED after
     * {@code maxAttempts}. A receiver gets {@code timeout} to answer. Targets on private or
     * loopback addresses are refused unless {@code allowPrivateTargets} (tests, closed
     * networks), so that a vendor cannot make the hub call into the retailer's network.
     */
    public record Webhooks(@DefaultValue("1000") long pollMs,
            @DefaultValue("15") int maxAttempts,
            @DefaultValue("5s") Duration firstDelay,
            @DefaultValue("1h") Duration maxDelay,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("false") boolean allowPrivateTargets) {
    }

    Allowance allowanceOf(String vendor) {
        return vendorRateLimits.getOrDefault(vendor, rateLimit);
    }
}
