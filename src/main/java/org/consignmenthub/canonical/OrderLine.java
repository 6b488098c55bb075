package org.consignmenthub.canonical;

import java.math.BigDecimal;

/**
 * One line of an order as a channel reports it. The unit price is what the customer pays;
 * what the vendor is owed comes from the agreement, never from here.
 */
public record OrderLine(
        String lineRef,
        String sku,
        long quantity,
        BigDecimal unitPrice,
        String location) {
}
