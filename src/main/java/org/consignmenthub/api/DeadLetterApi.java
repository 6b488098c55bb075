package org.consignmenthub.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.consignmenthub.security.Parties;
import org.consignmenthub.triage.DeadLetterTriage;
import org.consignmenthub.triage.TriageRefusal;
import org.consignmenthub.triage.UnknownEntry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Dead-letter triage for support staff: list and filter entries, costliest first; read one
 * with its payload; correct the payload; replay one entry or every open entry matching a
 * filter; discard with a reason. Actions are recorded with the time under the name of the
 * authenticated staff member.
 */
@RestController
@RequestMapping(path = "/api/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterApi {

    private static final List<String> STATUSES =
            List.of("OPEN", "REPLAYING", "RESOLVED", "DISCARDED");

    private final DeadLetterTriage triage;

    DeadLetterApi(DeadLetterTriage triage) {
        this.triage = triage;
    }

    /** {@code status} defaults to OPEN; {@code ALL} lists every entry. */
    @GetMapping
    List<Map<String, Object>> list(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(required = false) Integer minAgeHours,
            @RequestParam(required = false) Integer maxAgeHours,
            @RequestParam(defaultValue = "500") int limit) {
        return triage.list(filter(channel, account, reason, status, minAgeHours, maxAgeHours),
                Math.max(1, Math.min(limit, 5_000)));
    }

    @GetMapping("/{id}")
    Map<String, Object> view(@PathVariable long id) {
        return triage.view(id);
    }

    /** The payload exactly as it was received. */
    @GetMapping(path = "/{id}/payload", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] payload(@PathVariable long id) {
        return triage.payload(id);
    }

    @PutMapping(path = "/{id}/payload", consumes = MediaType.ALL_VALUE)
    Map<String, Object> edit(@PathVariable long id, @RequestBody byte[] payload) {
        triage.edit(id, payload, operator());
        return Map.of("id", id, "edited", true);
    }

    @PostMapping("/{id}/replay")
    Map<String, Object> replay(@PathVariable long id) {
        return answer(triage.replay(id, operator()));
    }

    /** Replays every open entry matching the filter (at least one part must be given). */
    @PostMapping("/replay")
    Map<String, Object> replayMatching(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Integer minAgeHours,
            @RequestParam(required = false) Integer maxAgeHours) {
        if (channel == null && account == null && reason == null && minAgeHours == null
                && maxAgeHours == null) {
            throw new IllegalArgumentException("filter: name at least one of channel,"
                    + " account, reason, minAgeHours or maxAgeHours to replay by");
        }
        return answer(triage.replayMatching(
                filter(channel, account, reason, "OPEN", minAgeHours, maxAgeHours),
                operator()));
    }

    @PostMapping("/{id}/discard")
    Map<String, Object> discard(@PathVariable long id,
            @RequestParam(required = false) String reason) {
        triage.discard(id, reason, operator());
        return Map.of("id", id, "status", "DISCARDED");
    }

    @GetMapping("/{id}/actions")
    List<Map<String, Object>> actions(@PathVariable long id) {
        return triage.actions(id);
    }

    @ExceptionHandler(UnknownEntry.class)
    ResponseEntity<Map<String, Object>> notFound(UnknownEntry e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(TriageRefusal.class)
    ResponseEntity<Map<String, Object>> conflict(TriageRefusal e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    /**
     * A parameter of the wrong type (an id or an age that is not a number) is answered in
     * the hub's words, not by the handler below, which would see its cause.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> wrongType(MethodArgumentTypeMismatchException wrong) {
        return RequestErrors.wrongTypeAnswer(wrong);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /** Actions are recorded under the signed-in staff member's name, never a header. */
    private static String operator() {
        return Parties.current().name();
    }

    private static DeadLetterTriage.Filter filter(String channel, String account,
            String reason, String status, Integer minAgeHours, Integer maxAgeHours) {
        String wanted = status == null || status.equalsIgnoreCase("ALL") ? null
                : status.toUpperCase(Locale.ROOT);
        if (wanted != null && !STATUSES.contains(wanted)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES
                    + " or ALL, not " + status);
        }
        return new DeadLetterTriage.Filter(channel, account, reason, wanted, minAgeHours,
                maxAgeHours);
    }

    private static Map<String, Object> answer(DeadLetterTriage.Replay replay) {
        return Map.of("entries", replay.entries(), "inboundMessages",
                replay.inboundMessages());
    }
}
