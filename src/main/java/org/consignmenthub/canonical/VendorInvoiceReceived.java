package org.consignmenthub.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A vendor sent its own invoice or credit note. Under self-billing the hub writes the
 * invoice the retailer owes, so the vendor's document is only recorded and set beside the
 * hub's; it bills nothing and moves no stock. Totals are those the document states:
 * {@code lineTotal} the sum of its lines, {@code allowanceTotal} allowances less charges
 * on the whole document, {@code taxTotal} and {@code invoiceTotal} as the vendor gave them
 * (null where the document leaves one out).
 */
public record VendorInvoiceReceived(
        EventKey key,
        String vendor,
        String invoiceNumber,
        Kind kind,
        String orderRef,
        List<String> references,
        String currency,
        Instant occurredAt,
        BigDecimal lineTotal,
        BigDecimal allowanceTotal,
        BigDecimal taxTotal,
        BigDecimal invoiceTotal,
        List<DocumentLine> lines) implements CanonicalEvent {

    public enum Kind { INVOICE, CREDIT_NOTE }
}
