package org.consignmenthub.ledger;

/** Where units of one owner stand at a location. */
public enum Bucket {
    /** On the shelf, free to sell. */
    AVAILABLE,
    /** On the shelf, reserved for an order line. */
    ALLOCATED,
    /** Left the location for a customer; the sale is not complete yet. */
    IN_TRANSIT,
    /** On hand but not saleable. */
    DAMAGED
}
