package org.consignmenthub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A customer brought goods back. When the order line is known the return reverses that
 * line; otherwise it is matched to the customer's latest sales of the SKU.
 *
 * <p>A partner that reports returns per store and cannot name the sale (a store's sales
 * report) says so with {@code matchBy} {@link MatchBy#LOCATION}: the return then names no
 * order line and is matched to the latest sales of the SKU at its location, whatever order
 * or channel they came from. The field is written only when set, so events of channels that
 * never set it read as they always did.
 */
public record ReturnReceived(
        EventKey key,
        String returnRef,
        String orderRef,
        String lineRef,
        @JsonInclude(JsonInclude.Include.NON_NULL) MatchBy matchBy,
        String customerRef,
        String sku,
        long quantity,
        String condition,
        String location,
        Instant occurredAt) implements CanonicalEvent {

    /** What a return is matched by when it cannot name its order line or customer. */
    public enum MatchBy { LOCATION }

    /** A return matched by its order line, else by its customer. */
    public ReturnReceived(EventKey key, String returnRef, String orderRef, String lineRef,
            String customerRef, String sku, long quantity, String condition, String location,
            Instant occurredAt) {
        this(key, returnRef, orderRef, lineRef, null, customerRef, sku, quantity, condition,
                location, occurredAt);
    }

    /** True when the return is matched by its location, not by a sale it names. */
    public boolean matchedByLocation() {
        return matchBy == MatchBy.LOCATION;
    }
}
