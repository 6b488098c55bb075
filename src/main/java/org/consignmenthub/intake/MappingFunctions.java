package org.consignmenthub.intake;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * <p>JSONata's numbers are binary floats, so money must not be computed in it:
 * {@code $unitPrice(amount, quantity)} divides a line's decimal amount by its quantity in
 * decimal arithmetic, exactly when it divides evenly and else to four places, half up.
 */
final class MappingFunctions {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    private MappingFunctions() {
    }

    static void register(Jsonata expression) {
        expression.registerFunction("zonedInstant",
                (Jsonata.Fn2<String, String, String>) MappingFunctions::zonedInstant);
        expression.registerFunction("unitPrice",
                (Jsonata.Fn2<String, Object, String>) MappingFunctions::unitPrice);
    }

    static String unitPrice(String amount, Object quantity) {
        if (amount == null || !(quantity instanceof Number count)) {
            return null;
        }
        BigDecimal units = new BigDecimal(count.toString());
        if (units.signum() == 0) {
            return null;
        }
        BigDecimal total = new BigDecimal(amount.trim());
        try {
            BigDecimal exact = total.divide(units);
            return exact.setScale(Math.max(total.scale(), 0), RoundingMode.UNNECESSARY)
                    .toPlainString();
        } catch (ArithmeticException notExact) {
            return total.divide(units, 4, RoundingMode.HALF_UP).toPlainString();
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
