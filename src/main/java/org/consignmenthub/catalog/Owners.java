package org.consignmenthub.catalog;

/** Owner codes of stock: a vendor's code for consigned units, or the retailer's. */
public final class Owners {

    /** The owner code of stock the retailer bought outright. */
    public static final String RETAILER = "RETAILER";

    private Owners() {
    }

    public static boolean isRetailer(String owner) {
        return RETAILER.equals(owner);
    }
}
