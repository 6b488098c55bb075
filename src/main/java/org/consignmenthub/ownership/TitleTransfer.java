package org.consignmenthub.ownership;

import java.math.BigDecimal;
import java.time.Instant;

/** A quantity that passed from a vendor to the retailer at one moment, at the agreed price. */
public record TitleTransfer(
        long id,
        String legalEntity,
        String vendor,
        String channel,
        String orderRef,
        String lineRef,
        String sku,
        String location,
        String customerRef,
        long quantity,
        BigDecimal unitPrice,
        String currency,
        long agreementId,
        int agreementVersion,
        Instant soldAt,
        Instant transferredAt) {
}
