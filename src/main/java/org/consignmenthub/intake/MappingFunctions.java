package org.consignmenthub.intake;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Functions that mappings need and JSONata lacks. JSONata knows no time zones, and partners
 * often write local wall-clock times; {@code $zonedInstant(text, zone)} turns such a time
 * (or a full ISO-8601 time with offset, kept as it is) into an ISO instant.
 *
 * <p>{@code $httpDateInstant(text)} reads the RFC 1123 dates of REST APIs such as
 * BigCommerce's ({@code Tue, 05 Mar 2019 21:40:11 +0000}). {@code $unitPrice(total,
 * quantity)} divides a line's total (decimal text) by its quantity in decimal arithmetic,
 * since JSONata's numbers are doubles and money must never become one.
 */
final class MappingFunctions {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    private MappingFunctions() {
    }

    static void register(Jsonata expression) {
        expression.registerFunction("zonedInstant",
                (Jsonata.Fn2<String, String, String>) MappingFunctions::zonedInstant);
        expression.registerFunction("httpDateInstant",
                (Jsonata.Fn1<String, String>) MappingFunctions::httpDateInstant);
        expression.registerFunction("unitPrice",
                (Jsonata.Fn2<String, Object, String>) MappingFunctions::unitPrice);
    }

    /** An RFC 1123 date as an ISO instant; null when the text is not one. */
    static String httpDateInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toString();
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /**
     * The unit price in a line's total, as decimal text: exact where the division ends
     * (17.95 for 2 is 8.975), else to 12 significant digits, which a line's extension
     * rounds back to its total. Null when either is not a number or the quantity is not
     * positive.
     */
    static String unitPrice(String total, Object quantity) {
        if (total == null || !(quantity instanceof Number count) || count.doubleValue() <= 0) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(total.trim());
            BigDecimal units = BigDecimal.valueOf(count.longValue());
            try {
                return amount.divide(units).toPlainString();
            } catch (ArithmeticException endless) {
                return amount.divide(units, new MathContext(12)).toPlainString();
            }
        } catch (NumberFormatException notDecimal) {
            return null;
        }
    }

    static String zonedInstant(String text, String zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return OffsetDateTime.parse(trimmed).toInstant().toString();
        } catch (DateTimeParseException notOffset) {
            ZoneId zoneId = ZoneId.of(zone == null ? "UTC" : zone);
            if (trimmed.length() == 10) {
                return LocalDate.parse(trimmed).atStartOfDay(zoneId).toInstant().toString();
            }
            return LocalDateTime.parse(trimmed, LOCAL).atZone(zoneId).toInstant().toString();
        }
    }
}
