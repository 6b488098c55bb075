package org.consignmenthub.vendor.portal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.reconciliation.CountMatching;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.security.Party;
import org.consignmenthub.security.VendorScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A count the vendor ran itself, sent from the portal as a count sheet in the columns of
 * count files ({@code location,sku,counted_qty,counted_at}). The sheet becomes one count
 * session under the reference {@code portal/<vendor>/<reference>}, counted by the signed-in
 * user, and is submitted at once: it is reconciled like a handheld or file count. Only SKUs
 * the vendor consigns may be counted.
 */
class PortalCountSheets {

    private static final Logger log = LoggerFactory.getLogger(PortalCountSheets.class);
    private static final List<String> COLUMNS = List.of("location", "sku", "counted_qty",
            "counted_at");
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    private final PortalReads reads;
    private final CountSessions sessions;
    private final TransactionTemplate transaction;

    PortalCountSheets(PortalReads reads, CountSessions sessions,
            TransactionTemplate transaction) {
        this.reads = reads;
        this.sessions = sessions;
        this.transaction = transaction;
    }

    record CountSheet(String reference, String legalEntity, String sheet) {
    }

    CountMatching.Outcome submit(Party vendor, CountSheet request) {
        VendorScope scope = vendor.scope();
        String reference = required(request.reference(), "reference");
        String legalEntity = legalEntityOf(scope, request.legalEntity());
        List<CountSessions.Line> lines = parse(reference, required(request.sheet(), "sheet"));
        List<String> foreign = reads.notConsignedBy(scope, legalEntity,
                lines.stream().map(CountSessions.Line::sku).toList());
        if (!foreign.isEmpty()) {
            throw new Refusal("NOT_VENDORS_SKU", "sku", "you may count only SKUs you consign;"
                    + " not yours: " + String.join(", ", foreign));
        }

        CountMatching.Outcome outcome = transaction.execute(status -> {
            CountSessions.Session session = sessions.open(legalEntity,
                    CountSessions.VENDOR_COUNT_PREFIX + scope.vendorCode() + "/" + reference,
                    vendor.name());
            sessions.addLines(session.id(), lines);
            return sessions.submit(session.id());
        });

        log.info("Vendor count submitted vendor={} user={} reference={} session={} lines={}"
                + " casesOpened={}", scope.vendorCode(), vendor.name(), reference,
                outcome.sessionId(), lines.size(), outcome.casesOpened());
        return outcome;
    }

    private String legalEntityOf(VendorScope scope, String named) {
        List<String> entities = reads.legalEntities(scope);
        if (named != null && !named.isBlank()) {
            if (!entities.contains(named.trim())) {
                throw new Refusal("INVALID_FIELD", "legalEntity", "you consign to "
                        + entities + ", not to " + named);
            }
            return named.trim();
        }
        if (entities.size() != 1) {
            throw new Refusal("INVALID_FIELD", "legalEntity", "name the retailer company"
                    + " counted: one of " + entities);
        }
        return entities.get(0);
    }

    /** Reads the sheet; a bad row is refused naming its line and column. */
    static List<CountSessions.Line> parse(String reference, String sheet) {
        List<String> rows = sheet.lines().filter(row -> !row.isBlank()).toList();
        if (rows.size() < 2) {
            throw new Refusal("INVALID_FIELD", "sheet", "a count sheet needs the header line"
                    + " location,sku,counted_qty,counted_at and at least one row");
        }
        List<String> header = Arrays.stream(rows.get(0).split(",", -1))
                .map(column -> column.trim().toLowerCase()).toList();
        if (header.size() < COLUMNS.size() || !header.subList(0, 4).equals(COLUMNS)) {
            throw new Refusal("INVALID_FIELD", "sheet", "the header line must start with"
                    + " location,sku,counted_qty,counted_at, not " + rows.get(0));
        }
        List<CountSessions.Line> lines = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            lines.add(line(reference, i + 1, rows.get(i).split(",", -1)));
        }
        return lines;
    }

    private static CountSessions.Line line(String reference, int number, String[] cells) {
        String at = "line " + number + " ";
        if (cells.length < COLUMNS.size()) {
            throw new Refusal("INVALID_FIELD", at.trim(), at + "has " + cells.length
                    + " columns; location,sku,counted_qty,counted_at are required");
        }
        String location = cell(cells[0], at + "location");
        String sku = cell(cells[1], at + "sku");
        long counted;
        try {
            counted = Long.parseLong(cell(cells[2], at + "counted_qty"));
        } catch (NumberFormatException e) {
            throw new Refusal("INVALID_FIELD", at + "counted_qty", at + "counted_qty must be"
                    + " a whole number of units, was " + cells[2].trim());
        }
        return new CountSessions.Line(reference + ":" + number, location, sku, counted,
                instant(cell(cells[3], at + "counted_at"), at + "counted_at"));
    }

    /** An instant with its offset, or a plain date and time read as UTC. */
    static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(value, PLAIN).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notPlain) {
                throw new Refusal("INVALID_FIELD", field, field + " must be a time such as"
                        + " 2026-12-03T18:00:00Z or 2026-12-03 18:00 (UTC), was " + value);
            }
        }
    }

    private static String cell(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refusal("INVALID_FIELD", field, field + " is required");
        }
        return value.trim();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refusal("INVALID_FIELD", field, field + " is required");
        }
        return value.trim();
    }
}
