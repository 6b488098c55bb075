package org.consignmenthub.agreement;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** The terms of one version of a consignment agreement between a legal entity and a vendor. */
public record Terms(
        long agreementId,
        String legalEntity,
        String vendor,
        int version,
        String reference,
        Instant effectiveFrom,
        String currency,
        BigDecimal taxRate,
        SettlementPeriod settlementPeriod,
        ZoneId timeZone,
        Duration returnWindow,
        ConsumptionPriority consumptionPriority) {

    public enum SettlementPeriod { PER_SHIPMENT, MONTHLY }

    /** Which stock a sale takes first where a location holds both owned and consigned units. */
    public enum ConsumptionPriority { CONSIGNMENT_FIRST, OWNED_FIRST }

    /** The business date of an instant: the calendar date in the agreement's time zone. */
    public LocalDate businessDate(Instant at) {
        return at.atZone(timeZone).toLocalDate();
    }


    /** The instant a settlement month ends, in the agreement's time zone. */
    public Instant endOf(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(timeZone).toInstant();
    }
}
