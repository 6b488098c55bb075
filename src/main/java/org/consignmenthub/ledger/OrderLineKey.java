package org.consignmenthub.ledger;

/** Identifies one order line across channels: orders are unique per legal entity and channel. */
public record OrderLineKey(String legalEntity, String channel, String orderRef, String lineRef) {

    @Override
    public String toString() {
        return channel + ":" + orderRef + "/" + lineRef;
    }
}
