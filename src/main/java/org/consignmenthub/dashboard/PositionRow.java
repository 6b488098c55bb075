package org.consignmenthub.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One location and SKU with its consigned (vendor-owned) and owned (retailer-owned) units
 * side by side. {@code vendor} is the vendor that consigns the SKU, null for the retailer's
 * own items.
 */
public record PositionRow(String legalEntity, String location, String sku, String vendor,
        String description, Holding consigned, Holding owned) {

    /** Units of one side per bucket; on hand is available, allocated and damaged. */
    public record Holding(long available, long allocated, long inTransit, long damaged) {

        @JsonProperty
        public long onHand() {
            return available + allocated + damaged;
        }

        public long total() {
            return onHand() + inTransit;
        }
    }

    /** The row's identity, as the page and the stream name it. */
    @JsonProperty
    public String key() {
        return legalEntity + "|" + location + "|" + sku;
    }
}
