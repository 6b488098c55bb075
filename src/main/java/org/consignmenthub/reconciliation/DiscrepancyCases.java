package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Discrepancy cases: a count variance beyond tolerance, put to the vendor with its
 * evidence and a deadline from the agreement. The vendor accepts it, disputes it with a
 * reason, or asks for a recount; the retailer settles a dispute by naming who bears the
 * difference, or withdraws the count. Only acceptance and settlement move the books, each
 * with one adjusting movement per owner share; a newer count supersedes an unresolved case.
 */
public class DiscrepancyCases {

    private static final Logger log = LoggerFactory.getLogger(DiscrepancyCases.class);

    private static final List<String> UNRESOLVED = List.of("OPEN", "DISPUTED",
            "RECOUNT_REQUESTED");

    private final JdbcTemplate jdbc;
    private final Adjustments adjustments;
    private final Clock clock;

    public DiscrepancyCases(JdbcTemplate jdbc, Adjustments adjustments, Clock clock) {
        this.jdbc = jdbc;
        this.adjustments = adjustments;
        this.clock = clock;
    }

    public record Case(long id, long resultId, String legalEntity, String vendor,
            String location, String sku, long bookQty, long countedQty, long variance,
            String status, Instant openedAt, Instant dueAt, String disputeReason,
            String bearer, Instant closedAt, Instant countedAt) {
    }

    void open(long resultId, Duration responseTime) {
        Instant now = clock.instant();
        Long id = jdbc.queryForObject("""
                insert into discrepancy_case (result_id, legal_entity, vendor, location, sku,
                    book_qty, counted_qty, variance, status, opened_at, due_at)
                select id, legal_entity, vendor, location, sku, book_qty, counted_qty,
                    variance, 'OPEN', ?, ?
                from count_result where id = ? returning id""", Long.class,
                Timestamp.from(now), Timestamp.from(now.plus(responseTime)), resultId);
        note(id, "OPENED", "hub", "variance beyond tolerance");
        Case opened = get(id);
        log.info("Discrepancy opened case={} vendor={} sku={} location={} book={} counted={}"
                + " variance={} due={}", id, opened.vendor(), opened.sku(), opened.location(),
                opened.bookQty(), opened.countedQty(), opened.variance(), opened.dueAt());
    }

    /**
     * Unresolved cases of locations and SKUs the session counted again later. A vendor's
     * own count supersedes only cases of the vendor's own counts, never the retailer's.
     */
    int supersedeOlder(long sessionId) {
        List<Long> superseded = jdbc.queryForList("""
                update discrepancy_case d set status = 'SUPERSEDED', superseded_by = r.id,
                    closed_at = ?
                from count_result r
                join count_session s on s.id = r.session_id
                where r.session_id = ? and d.legal_entity = r.legal_entity
                  and d.location = r.location and d.sku = r.sku
                  and d.status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED')
                  and (select old.counted_at from count_result old where old.id = d.result_id)
                      < r.counted_at
                  and (not starts_with(s.reference, ?) or (
                      select starts_with(os.reference, ?) from count_result o
                      join count_session os on os.id = o.session_id
                      where o.id = d.result_id))
                returning d.id""", Long.class, Timestamp.from(clock.instant()), sessionId,
                CountSessions.VENDOR_COUNT_PREFIX, CountSessions.VENDOR_COUNT_PREFIX);
        for (long id : superseded) {
            note(id, "SUPERSEDED", "hub", "counted again in session " + sessionId);
            log.info("Discrepancy superseded case={} session={}", id, sessionId);
        }
        return superseded.size();
    }

    /**
     * The vendor's acceptance of a case. A case opened by the vendor's own count is not the
     * vendor's to accept: it waits for the retailer's staff, who resolve or withdraw it.
     */
    public Case acceptByVendor(long caseId, String actor) {
        Case found = lockUnresolved(caseId);
        Long session = jdbc.queryForObject("select session_id from count_result where id = ?",
                Long.class, found.resultId());
        if (CountSessions.countedByVendor(jdbc, session)) {
            throw new Refusal("CASE_AWAITS_RETAILER", "case", "discrepancy case " + caseId
                    + " comes from your own count; the retailer's staff confirm or withdraw"
                    + " it");
        }
        return accept(found.id(), actor, null);
    }

    /** The vendor accepts the count; the agreement's bearer applies unless one is named. */
    public Case accept(long caseId, String actor, Bearer bearer) {
        Case found = lockUnresolved(caseId);
        Bearer borne = bearer != null ? bearer
                : CountTerms.of(jdbc, found.legalEntity(), found.vendor(), found.countedAt())
                        .shrinkBearer();
        return settle(found, "ACCEPTED", actor, borne, null);
    }

    public Case dispute(long caseId, String actor, String reason) {
        require(reason, "reason");
        Case found = lockUnresolved(caseId);
        jdbc.update("update discrepancy_case set status = 'DISPUTED', dispute_reason = ?"
                + " where id = ?", reason, caseId);
        note(caseId, "DISPUTED", actor, reason);
        log.info("Discrepancy disputed case={} vendor={} actor={}", caseId, found.vendor(),
                actor);
        return get(caseId);
    }

    public Case requestRecount(long caseId, String actor, String note) {
        Case found = lockUnresolved(caseId);
        jdbc.update("update discrepancy_case set status = 'RECOUNT_REQUESTED' where id = ?",
                caseId);
        note(caseId, "RECOUNT_REQUESTED", actor, note);
        log.info("Recount requested case={} vendor={} sku={} location={}", caseId,
                found.vendor(), found.sku(), found.location());
        return get(caseId);
    }

    /** The retailer settles a case, naming who bears the difference. */
    public Case resolve(long caseId, String actor, Bearer bearer, String note) {
        if (bearer == null) {
            throw new Refusal("INVALID_FIELD", "bearer", "bearer is required:"
                    + " VENDOR_CHARGEABLE or RETAILER_LIABLE");
        }
        return settle(lockUnresolved(caseId), "RESOLVED", actor, bearer, note);
    }

    /** The retailer withdraws the count: the books stand as they are. */
    public Case withdraw(long caseId, String actor, String note) {
        require(note, "note");
        lockUnresolved(caseId);
        jdbc.update("update discrepancy_case set status = 'WITHDRAWN', closed_at = ?"
                + " where id = ?", Timestamp.from(clock.instant()), caseId);
        note(caseId, "WITHDRAWN", actor, note);
        log.info("Discrepancy withdrawn case={} actor={}", caseId, actor);
        return get(caseId);
    }

    private Case settle(Case found, String action, String actor, Bearer bearer, String note) {
        String cause = "discrepancy-case/" + found.id();
        for (Map.Entry<String, Long> share : shares(found.resultId()).entrySet()) {
            adjustments.post(new Adjustments.Share(found.legalEntity(), found.location(),
                    found.sku(), share.getKey(), share.getValue(), found.countedAt()), bearer,
                    cause);
        }
        jdbc.update("update discrepancy_case set status = 'RESOLVED', bearer = ?,"
                + " closed_at = ? where id = ?", bearer.name(), Timestamp.from(clock.instant()),
                found.id());
        note(found.id(), action, actor, note == null ? bearer.name() : bearer + ": " + note);
        log.info("Discrepancy resolved case={} vendor={} sku={} location={} variance={}"
                + " bearer={} actor={}", found.id(), found.vendor(), found.sku(),
                found.location(), found.variance(), bearer, actor);
        return get(found.id());
    }

    /** Marks once each unresolved case whose deadline has passed; returns how many. */
    public int noteDeadlinesPassed() {
        List<Long> late = jdbc.queryForList("""
                select d.id from discrepancy_case d
                where d.status in ('OPEN', 'RECOUNT_REQUESTED') and d.due_at < ?
                  and not exists (select 1 from discrepancy_case_event e
                                  where e.case_id = d.id and e.action = 'DEADLINE_PASSED')
                order by d.id""", Long.class, Timestamp.from(clock.instant()));
        for (long id : late) {
            note(id, "DEADLINE_PASSED", "hub", "the vendor did not answer in time");
            log.info("Discrepancy deadline passed case={}", id);
        }
        return late.size();
    }

    public Map<String, Long> shares(long resultId) {
        Map<String, Long> shares = new LinkedHashMap<>();
        jdbc.query("select owner, variance from count_attribution where result_id = ?"
                + " and variance <> 0 order by owner", rs -> {
                    shares.put(rs.getString(1), rs.getLong(2));
                }, resultId);
        return shares;
    }

    public List<Case> list(String vendor, String status) {
        return jdbc.query(SELECT + """
                where (cast(? as text) is null or d.vendor = ?)
                  and (cast(? as text) is null or d.status = ?)
                order by d.id""", (rs, n) -> read(rs), vendor, vendor, status, status);
    }

    public Case get(long caseId) {
        List<Case> found = jdbc.query(SELECT + " where d.id = ?", (rs, n) -> read(rs),
                caseId);
        if (found.isEmpty()) {
            throw new Refusal("UNKNOWN_CASE", "case", "there is no discrepancy case "
                    + caseId);
        }
        return found.get(0);
    }

    /**
     * What the vendor sees to judge a case: the count lines, the owners' shares, the
     * movements since the last count that agreed with the books, the vendor's own latest
     * report, and the case's history.
     */
    public Map<String, Object> evidence(long caseId) {
        Case found = get(caseId);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("case", found);
        evidence.put("countLines", jdbc.queryForList("""
                select l.session_id, l.line_ref, l.counted_qty, l.counted_at
                from count_line l join count_result r on r.session_id = l.session_id
                where r.id = ? and l.location = r.location and l.sku = r.sku
                order by l.line_ref""", found.resultId()));
        evidence.put("attribution", jdbc.queryForList("select owner, book_qty, variance"
                + " from count_attribution where result_id = ? order by owner",
                found.resultId()));
        Timestamp since = lastGoodCount(found);
        evidence.put("lastGoodCountAt", since);
        evidence.put("movementsSinceLastGoodCount", jdbc.queryForList("""
                select id, owner, bucket, quantity, reason, cause, business_time
                from stock_movement
                where legal_entity = ? and location = ? and sku = ?
                  and business_time > coalesce(?, '-infinity'::timestamptz)
                  and business_time <= ?
                order by business_time, id""", found.legalEntity(), found.location(),
                found.sku(), since, Timestamp.from(found.countedAt())));
        evidence.put("vendorLatestReport", jdbc.queryForList("""
                select quantity, reported_at, cause from vendor_stock_snapshot
                where legal_entity = ? and vendor = ? and location = ? and sku = ?
                order by reported_at desc, id desc limit 1""", found.legalEntity(),
                found.vendor(), found.location(), found.sku()));
        evidence.put("history", jdbc.queryForList("select action, actor, note, at from"
                + " discrepancy_case_event where case_id = ? order by id", caseId));
        return evidence;
    }

    private Timestamp lastGoodCount(Case found) {
        List<Timestamp> at = jdbc.queryForList("""
                select max(counted_at) from count_result
                where legal_entity = ? and location = ? and sku = ? and within_tolerance
                  and counted_at < ?""", Timestamp.class, found.legalEntity(),
                found.location(), found.sku(), Timestamp.from(found.countedAt()));
        return at.isEmpty() ? null : at.get(0);
    }

    private static final String SELECT = """
            select d.*, r.counted_at from discrepancy_case d
            join count_result r on r.id = d.result_id
            """;

    private static Case read(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Case(rs.getLong("id"), rs.getLong("result_id"), rs.getString("legal_entity"),
                rs.getString("vendor"), rs.getString("location"), rs.getString("sku"),
                rs.getLong("book_qty"), rs.getLong("counted_qty"), rs.getLong("variance"),
                rs.getString("status"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("due_at").toInstant(), rs.getString("dispute_reason"),
                rs.getString("bearer"), closed == null ? null : closed.toInstant(),
                rs.getTimestamp("counted_at").toInstant());
    }

    private Case lockUnresolved(long caseId) {
        jdbc.queryForList("select id from discrepancy_case where id = ? for update", caseId);
        Case found = get(caseId);
        if (!UNRESOLVED.contains(found.status())) {
            throw new Refusal("CASE_CLOSED", "case", "discrepancy case " + caseId + " is "
                    + found.status() + " and takes no further answer");
        }
        return found;
    }

    private void note(long caseId, String action, String actor, String note) {
        jdbc.update("""
                insert into discrepancy_case_event (case_id, action, actor, note, at)
                values (?, ?, ?, ?, ?)""", caseId, action, actor == null ? "unknown" : actor,
                note, Timestamp.from(clock.instant()));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refusal("INVALID_FIELD", field, field + " is required");
        }
    }
}
