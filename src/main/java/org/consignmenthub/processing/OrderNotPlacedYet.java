package org.consignmenthub.processing;

/**
 * A revision of an order that was not placed yet: its record waits for the order instead
 * of being refused, since channels do not promise to deliver "paid" after "create".
 */
class OrderNotPlacedYet extends RuntimeException {

    private final String orderRef;

    OrderNotPlacedYet(String channel, String orderRef) {
        super("no order " + orderRef + " from channel " + channel + " was placed yet");
        this.orderRef = orderRef;
    }

    String orderRef() {
        return orderRef;
    }
}
