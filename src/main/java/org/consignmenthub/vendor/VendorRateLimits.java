package org.consignmenthub.vendor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per vendor: a vendor may spend its burst at once, and the bucket fills
 * again at its rate per second. Vendors named in the settings get their own allowance,
 * others the default. Buckets live in this instance's memory: with several hub instances
 * behind a balancer, each one grants the allowance on its own.
 */
public class VendorRateLimits {

    private final VendorApiSettings settings;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, VendorApiSettings.Allowance> changed = new ConcurrentHashMap<>();

    public VendorRateLimits(VendorApiSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Zero when the request may go ahead, else the seconds to wait before trying again. */
    public long take(String vendor) {
        Bucket bucket = buckets.computeIfAbsent(vendor, v -> new Bucket(allowanceOf(v),
                nanoTime.getAsLong()));
        return bucket.take(nanoTime.getAsLong());
    }

    /** Gives a vendor another allowance from now on, in place of the configured one. */
    public void change(String vendor, VendorApiSettings.Allowance allowance) {
        changed.put(vendor, allowance);
        buckets.put(vendor, new Bucket(allowance, nanoTime.getAsLong()));
    }

    /** Back to the configured allowance, with a full bucket. */
    public void restore(String vendor) {
        changed.remove(vendor);
        buckets.remove(vendor);
    }

    public VendorApiSettings.Allowance allowanceOf(String vendor) {
        return changed.getOrDefault(vendor, settings.allowanceOf(vendor));
    }

    private static final class Bucket {

        private final VendorApiSettings.Allowance allowance;
        private double tokens;
        private long filledAt;

        Bucket(VendorApiSettings.Allowance allowance, long now) {
            this.allowance = allowance;
            this.tokens = allowance.burst();
            this.filledAt = now;
        }

        synchronized long take(long now) {
            double elapsed = (now - filledAt) / 1e9;
            tokens = Math.min(allowance.burst(), tokens + elapsed * allowance.perSecond());
            filledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / allowance.perSecond());
        }
    }
}
