package org.consignmenthub.canonical;

import java.math.BigDecimal;

/**
 * One line of a partner document the ledger does not move on (an invoice, an order
 * acknowledgement, a warehouse order), kept as the partner stated it: the quantity in the
 * partner's unit, which may be cases, and amounts as sent. Fields a document type does not
 * carry are null ({@code status} and {@code confirmedQuantity} are an acknowledgement's,
 * {@code taxRate} an invoice's). {@code sku} is set only when the partner named the item by
 * an id the hub takes as its SKU; {@code productId} is the first id the line gives, as
 * {@code <qualifier>:<id>} (for example {@code UP:012345678905}), so a line named only by a
 * UPC or EAN still says what it was.
 */
public record DocumentLine(
        String lineRef,
        String sku,
        String productId,
        BigDecimal quantity,
        BigDecimal confirmedQuantity,
        String unit,
        BigDecimal unitPrice,
        BigDecimal amount,
        BigDecimal taxRate,
        String status) {
}
