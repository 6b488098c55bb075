package org.consignmenthub.canonical;

/**
 * A business rule refused an event: the event is well-formed but cannot be applied as it
 * stands (unknown SKU, not enough stock, nothing to reverse). It names the field at fault
 * and a stable reason code that support staff can filter on.
 */
public class Refusal extends RuntimeException {

    private final String reasonCode;
    private final String field;

    public Refusal(String reasonCode, String field, String message) {
        super(message);
        this.reasonCode = reasonCode;
        this.field = field;
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String field() {
        return field;
    }
}
