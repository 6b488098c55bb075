package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CountRecorded;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Count sessions from their opening to their submission. A handheld session is opened
 * under the scanner's reference, filled in parts and submitted; a count file is a session
 * of its own, filled by its rows and submitted once the whole file is applied. Opening,
 * adding a line or submitting again with the same reference changes nothing.
 */
public class CountSessions {

    private static final Logger log = LoggerFactory.getLogger(CountSessions.class);

    /**
     * The reference of a count a vendor ran itself begins with this. Such a count may open
     * cases, but only the retailer's staff settle them: a vendor accepting a shortage it
     * counted itself would bill the retailer on its own word.
     */
    public static final String VENDOR_COUNT_PREFIX = "portal/";

    /** Whether the session of this id is a count the vendor ran itself. */
    static boolean countedByVendor(JdbcTemplate jdbc, long sessionId) {
        String reference = jdbc.queryForObject("select reference from count_session"
                + " where id = ?", String.class, sessionId);
        return reference.startsWith(VENDOR_COUNT_PREFIX);
    }

    private final JdbcTemplate jdbc;
    private final Catalog catalog;
    private final CountMatching matching;
    private final Clock clock;

    public CountSessions(JdbcTemplate jdbc, Catalog catalog, CountMatching matching,
            Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.matching = matching;
        this.clock = clock;
    }

    /** One counted line; its reference makes sending it again harmless. */
    public record Line(String lineRef, String location, String sku, long countedQty,
            Instant countedAt) {
    }

    /** A session; {@code reason} says why it was voided, or why its file was refused. */
    public record Session(long id, String legalEntity, String source, String reference,
            String counter, String status, Instant openedAt, Instant submittedAt,
            String reason) {
    }

    /** Opens a handheld session, or finds the one opened under the same reference. */
    public Session open(String legalEntity, String reference, String counter) {
        require(reference, "reference");
        Integer known = jdbc.queryForObject("select count(*) from legal_entity where code = ?",
                Integer.class, legalEntity);
        if (known == null || known == 0) {
            throw new Refusal("UNKNOWN_LEGAL_ENTITY", "legalEntity", "legal entity "
                    + legalEntity + " is not in the catalog");
        }
        long id = openOrFind(legalEntity, "API", reference, counter);
        return session(id);
    }

    public void addLines(long sessionId, List<Line> lines) {
        Session session = lockOpen(sessionId);
        for (int i = 0; i < lines.size(); i++) {
            addLine(session, lines.get(i), "lines[" + i + "].");
        }
        log.info("Count lines added session={} lines={}", sessionId, lines.size());
    }

    /** A row of a count file: the file's session is opened by its first row applied. */
    public void recordFileLine(CountRecorded row) {
        String legalEntity = row.key().legalEntity();
        long id = openOrFind(legalEntity, "FILE", row.session(), row.counter());
        Session session = lockOpen(id);
        addLine(session, new Line(row.key().externalId(), row.location(), row.sku(),
                row.countedQuantity(), row.occurredAt()), "");
    }

    /**
     * Submits the session and reconciles it; a session submitted before is left as it is,
     * and its result is returned again.
     */
    public CountMatching.Outcome submit(long sessionId) {
        Session session = lock(sessionId);
        if ("VOIDED".equals(session.status()) || "REFUSED".equals(session.status())) {
            throw new Refusal("SESSION_" + session.status(), "session", "count session "
                    + sessionId + " is " + session.status() + ": " + session.reason());
        }
        if ("RECONCILED".equals(session.status())) {
            return matching.outcomeOf(sessionId);
        }
        Integer lines = jdbc.queryForObject("select count(*) from count_line"
                + " where session_id = ?", Integer.class, sessionId);
        if (lines == null || lines == 0) {
            throw new Refusal("EMPTY_SESSION", "lines", "count session " + sessionId
                    + " has no lines to submit");
        }
        jdbc.update("update count_session set status = 'RECONCILED', submitted_at = ?"
                + " where id = ?", Timestamp.from(clock.instant()), sessionId);
        return matching.reconcile(session.legalEntity(), sessionId);
    }

    /**
     * Marks a count file that could not be reconciled, so that it is not tried again; its
     * lines stay for the recount that replaces it.
     */
    public void refuse(long sessionId, String reason) {
        int refused = jdbc.update("update count_session set status = 'REFUSED', refusal = ?"
                + " where id = ? and status = 'OPEN'", reason, sessionId);
        if (refused == 1) {
            log.warn("Count session refused session={} reason={}", sessionId, reason);
        }
    }

    /** Voids an open session: its lines are kept as counted but never reconciled. */
    public Session voidSession(long sessionId, String reason) {
        require(reason, "reason");
        Session session = lock(sessionId);
        if ("RECONCILED".equals(session.status())) {
            throw new Refusal("SESSION_SUBMITTED", "session", "count session " + sessionId
                    + " was submitted and reconciled; a new count corrects it");
        }
        if ("OPEN".equals(session.status())) {
            jdbc.update("update count_session set status = 'VOIDED', voided_at = ?,"
                    + " void_reason = ? where id = ?", Timestamp.from(clock.instant()), reason,
                    sessionId);
            log.info("Count session voided session={} reason={}", sessionId, reason);
        }
        return session(sessionId);
    }

    /**
     * Count files whose every delivery has been applied in full and whose session is still
     * open: they are ready to submit.
     */
    public List<Long> completeFileSessions() {
        // A file session's reference is the file's <channel>/<account>/<name>.
        return jdbc.queryForList("""
                select s.id from count_session s
                cross join lateral (select split_part(s.reference, '/', 1) as channel,
                    split_part(s.reference, '/', 2) as account) f
                where s.source = 'FILE' and s.status = 'OPEN'
                  and exists (select 1 from inbound_message m
                              where m.channel = f.channel and m.account = f.account
                                and m.source_ref = s.reference)
                  and not exists (select 1 from inbound_message m
                                  where m.channel = f.channel and m.account = f.account
                                    and m.source_ref = s.reference and m.status <> 'COMPLETE')
                order by s.id""", Long.class);
    }

    public Session session(long id) {
        List<Session> found = jdbc.query("select * from count_session where id = ?",
                (rs, n) -> new Session(rs.getLong("id"), rs.getString("legal_entity"),
                        rs.getString("source"), rs.getString("reference"),
                        rs.getString("counter"), rs.getString("status"),
                        rs.getTimestamp("opened_at").toInstant(),
                        instant(rs.getTimestamp("submitted_at")),
                        rs.getString("void_reason") != null ? rs.getString("void_reason")
                                : rs.getString("refusal")),
                id);
        if (found.isEmpty()) {
            throw new Refusal("UNKNOWN_SESSION", "session", "there is no count session " + id);
        }
        return found.get(0);
    }

    public List<Map<String, Object>> lines(long sessionId) {
        return jdbc.queryForList("""
                select line_ref, location, sku, counted_qty, counted_at from count_line
                where session_id = ? order by location, sku, line_ref""", sessionId);
    }

    private long openOrFind(String legalEntity, String source, String reference,
            String counter) {
        jdbc.update("""
                insert into count_session (legal_entity, source, reference, counter, status,
                    opened_at)
                values (?, ?, ?, ?, 'OPEN', ?) on conflict do nothing""",
                legalEntity, source, reference, counter, Timestamp.from(clock.instant()));
        return jdbc.queryForObject("""
                select id from count_session where legal_entity = ? and source = ?
                  and reference = ?""", Long.class, legalEntity, source, reference);
    }

    private void addLine(Session session, Line line, String at) {
        require(line.lineRef(), at + "lineRef");
        require(line.location(), at + "location");
        require(line.sku(), at + "sku");
        if (line.countedQty() < 0) {
            throw new Refusal("INVALID_FIELD", at + "countedQty", "a counted quantity cannot"
                    + " be negative, was " + line.countedQty());
        }
        if (line.countedAt() == null) {
            throw new Refusal("INVALID_FIELD", at + "countedAt", "the time of the count is"
                    + " required");
        }
        // A day's grace covers clocks and time zones set wrong; beyond it the date is a typo,
        // and the book at that moment cannot be known yet.
        if (line.countedAt().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            throw new Refusal("INVALID_FIELD", at + "countedAt", "a count cannot be dated in"
                    + " the future, was " + line.countedAt());
        }
        if (!catalog.locationExists(session.legalEntity(), line.location())) {
            throw new Refusal("UNKNOWN_LOCATION", at + "location", "location "
                    + line.location() + " is not in the catalog of " + session.legalEntity());
        }
        if (catalog.item(session.legalEntity(), line.sku()).isEmpty()) {
            throw new Refusal("UNKNOWN_SKU", at + "sku", "SKU " + line.sku()
                    + " is not in the catalog of " + session.legalEntity());
        }
        int added = jdbc.update("""
                insert into count_line (session_id, line_ref, location, sku, counted_qty,
                    counted_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                session.id(), line.lineRef(), line.location(), line.sku(), line.countedQty(),
                Timestamp.from(line.countedAt()));
        if (added == 0) {
            requireSameLine(session.id(), line, at);
        }
    }

    private void requireSameLine(long sessionId, Line line, String at) {
        Integer same = jdbc.queryForObject("""
                select count(*) from count_line
                where session_id = ? and line_ref = ? and location = ? and sku = ?
                  and counted_qty = ? and counted_at = ?""", Integer.class, sessionId,
                line.lineRef(), line.location(), line.sku(), line.countedQty(),
                Timestamp.from(line.countedAt()));
        if (same == null || same == 0) {
            throw new Refusal("LINE_CONFLICT", at + "lineRef", "line " + line.lineRef()
                    + " of count session " + sessionId + " was recorded with other values");
        }
    }

    private Session lockOpen(long id) {
        Session session = lock(id);
        if (!"OPEN".equals(session.status())) {
            throw new Refusal("SESSION_CLOSED", "session", "count session " + id + " is "
                    + session.status() + " and takes no more lines");
        }
        return session;
    }

    private Session lock(long id) {
        jdbc.queryForList("select id from count_session where id = ? for update", id);
        return session(id);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refusal("INVALID_FIELD", field, field + " is required");
        }
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
