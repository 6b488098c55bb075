package org.consignmenthub.intake;

import com.dashjoin.jsonata.Jsonata;
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
 */
final class MappingFunctions {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    private MappingFunctions() {
    }

    static void register(Jsonata expression) {
        expression.registerFunction("zonedInstant",
                (Jsonata.Fn2<String, String, String>) MappingFunctions::zonedInstant);
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
