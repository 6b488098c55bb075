package org.consignmenthub.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.reconciliation.AccuracyFigures;
import org.consignmenthub.reconciliation.Bearer;
import org.consignmenthub.reconciliation.CountMatching;
import org.consignmenthub.reconciliation.CountSchedule;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.consignmenthub.reconciliation.VendorSnapshots;
import org.consignmenthub.runtime.ReconciliationScheduler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts and their reconciliation over HTTP: handheld scanners open a session, send lines
 * in parts and submit it; operations read discrepancy cases with their evidence, settle
 * disputes, run the periodic checks on demand and read the accuracy figures. Vendors
 * answer their cases (accept, dispute, ask for a recount) through the vendor API, under
 * their own credentials. Every action is safe to repeat or refused with the field and reason.
 */
@RestController
@RequestMapping(path = "/api/reconciliation", produces = MediaType.APPLICATION_JSON_VALUE)
class ReconciliationApi {

    private final CountSessions sessions;
    private final DiscrepancyCases cases;
    private final AccuracyFigures figures;
    private final CountSchedule schedule;
    private final VendorSnapshots snapshots;
    private final ReconciliationScheduler scheduler;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;

    ReconciliationApi(CountSessions sessions, DiscrepancyCases cases, AccuracyFigures figures,
            CountSchedule schedule, VendorSnapshots snapshots,
            ReconciliationScheduler scheduler, TransactionTemplate transaction,
            JdbcTemplate jdbc) {
        this.sessions = sessions;
        this.cases = cases;
        this.figures = figures;
        this.schedule = schedule;
        this.snapshots = snapshots;
        this.scheduler = scheduler;
        this.transaction = transaction;
        this.jdbc = jdbc;
    }

    record OpenSession(String legalEntity, String reference, String counter) {
    }

    record CountLine(String lineRef, String location, String sku, Long countedQty,
            Instant countedAt) {
    }

    record Lines(List<CountLine> lines) {
    }

    record Answer(String actor, String reason, String note, Bearer bearer) {
    }

    @PostMapping("/sessions")
    CountSessions.Session open(@RequestBody OpenSession request) {
        return transaction.execute(s -> sessions.open(request.legalEntity(),
                request.reference(), request.counter()));
    }

    @GetMapping("/sessions/{id}")
    Map<String, Object> session(@PathVariable long id) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("session", sessions.session(id));
        view.put("lines", sessions.lines(id));
        List<Map<String, Object>> results = jdbc.queryForList("""
                select r.id, r.location, r.sku, r.vendor, r.counted_at, r.counted_qty,
                    r.book_qty, r.vendor_reported_qty, r.vendor_reported_at, r.variance,
                    r.within_tolerance, r.outcome, d.id as case_id, d.status as case_status
                from count_result r left join discrepancy_case d on d.result_id = r.id
                where r.session_id = ? order by r.location, r.sku""", id);
        for (Map<String, Object> result : results) {
            result.put("attribution", jdbc.queryForList("""
                    select owner, book_qty, variance from count_attribution
                    where result_id = ? order by owner""", result.get("id")));
        }
        view.put("results", results);
        return view;
    }

    @PostMapping("/sessions/{id}/lines")
    Map<String, Object> addLines(@PathVariable long id, @RequestBody Lines request) {
        if (request.lines() == null || request.lines().isEmpty()) {
            throw new Refusal("INVALID_FIELD", "lines", "at least one line is required");
        }
        List<CountSessions.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            CountLine line = request.lines().get(i);
            if (line.countedQty() == null) {
                throw new Refusal("INVALID_FIELD", "lines[" + i + "].countedQty",
                        "the counted quantity is required");
            }
            lines.add(new CountSessions.Line(line.lineRef(), line.location(), line.sku(),
                    line.countedQty(), line.countedAt()));
        }
        transaction.executeWithoutResult(s -> sessions.addLines(id, lines));
        return Map.of("session", id, "lines", lines.size());
    }

    @PostMapping("/sessions/{id}/submit")
    CountMatching.Outcome submit(@PathVariable long id) {
        return transaction.execute(s -> sessions.submit(id));
    }

    @PostMapping("/sessions/{id}/void")
    CountSessions.Session voidSession(@PathVariable long id, @RequestBody Answer request) {
        return transaction.execute(s -> sessions.voidSession(id, request.reason()));
    }

    @GetMapping("/cases")
    List<DiscrepancyCases.Case> cases(@RequestParam(required = false) String vendor,
            @RequestParam(required = false) String status) {
        return cases.list(vendor, status);
    }

    @GetMapping("/cases/{id}")
    Map<String, Object> evidence(@PathVariable long id) {
        return cases.evidence(id);
    }

    @PostMapping("/cases/{id}/resolve")
    DiscrepancyCases.Case resolve(@PathVariable long id, @RequestBody Answer answer) {
        return transaction.execute(s -> cases.resolve(id, answer.actor(), answer.bearer(),
                answer.note()));
    }

    @PostMapping("/cases/{id}/withdraw")
    DiscrepancyCases.Case withdraw(@PathVariable long id, @RequestBody Answer answer) {
        return transaction.execute(s -> cases.withdraw(id, answer.actor(), answer.note()));
    }

    @PostMapping("/run")
    Map<String, Object> run() {
        int files = scheduler.submitCompleteCountFiles();
        CountSchedule.Run run = scheduler.run();
        return Map.of("countFilesSubmitted", files, "countsDue", run.countsDue(),
                "deadlinesPassed", run.deadlinesPassed(),
                "vendorReportDifferences", run.vendorReportDifferences());
    }

    @GetMapping("/counts-due")
    List<Map<String, Object>> countsDue() {
        return schedule.countsDue();
    }

    @GetMapping("/vendor-reports")
    List<Map<String, Object>> vendorReports(@RequestParam String legalEntity) {
        return snapshots.differencesFromBook(legalEntity);
    }

    @GetMapping("/kpis")
    Map<String, Object> kpis(@RequestParam String legalEntity) {
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("accuracy", figures.overall(legalEntity));
        kpis.put("accuracyByLocationAndVendor", figures.byLocationAndVendor(legalEntity));
        kpis.put("cycleTimes", figures.cycleTimes(legalEntity));
        kpis.put("openCasesByAge", figures.openCasesByAge(legalEntity));
        return kpis;
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        HttpStatus status = switch (refusal.reasonCode()) {
            case "UNKNOWN_SESSION", "UNKNOWN_CASE" -> HttpStatus.NOT_FOUND;
            case "INVALID_FIELD", "UNKNOWN_SKU", "UNKNOWN_LOCATION", "UNKNOWN_LEGAL_ENTITY" ->
                HttpStatus.BAD_REQUEST;
            // The request is sound but the session or case is not in a state to take it.
            default -> HttpStatus.CONFLICT;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", refusal.reasonCode());
        body.put("field", refusal.field());
        body.put("reason", refusal.getMessage());
        return ResponseEntity.status(status).body(body);
    }
}
