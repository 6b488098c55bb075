package org.consignmenthub.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money arithmetic: amounts are rounded half up to the currency's minor unit. */
public final class Money {

    private Money() {
    }

    public static BigDecimal round(BigDecimal amount, String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return amount.setScale(Math.max(digits, 0), RoundingMode.HALF_UP);
    }

    /** quantity × unit price, rounded to the currency's minor unit. */
    public static BigDecimal extend(long quantity, BigDecimal unitPrice, String currency) {
        return round(unitPrice.multiply(BigDecimal.valueOf(quantity)), currency);
    }
}
