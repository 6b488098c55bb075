package org.consignmenthub.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.IntakeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What support staff do with the dead-letter store: find entries (costliest first), read
 * one with the payload exactly as it was received, correct the payload, replay, and
 * discard with a reason. Every action is recorded with the operator and the time.
 *
 * <p>An entry's life: OPEN when refused; REPLAYING once its message is sent in again;
 * RESOLVED when the replayed message is settled and the record was not refused again, or
 * OPEN again (with one more attempt) when it was; DISCARDED by hand, for good. A replay
 * sends the whole message in again through intake, so records of it that applied before
 * are recognised by their event keys and change nothing, and the other open entries of
 * the same message are retried with it.
 */
public class DeadLetterTriage {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTriage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLAY = 1_000;
    /** Payloads up to this size are shown in an entry as text; larger ones by their size. */
    private static final int SHOWN_PAYLOAD_BYTES = 1024 * 1024;

    private final JdbcTemplate jdbc;
    private final Redelivery redelivery;
    private final IntakeMeter meter;
    private final long maxPayloadBytes;

    /**
     * {@code maxPayloadBytes} is intake's mapping limit: a stored payload above it is not
     * replayed (it would only be refused, and stored, again) and not loaded to be shown.
     */
    public DeadLetterTriage(JdbcTemplate jdbc, Redelivery redelivery, IntakeMeter meter,
            long maxPayloadBytes) {
        this.jdbc = jdbc;
        this.redelivery = redelivery;
        this.meter = meter;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Which entries to list or replay; null parts match everything. Ages are counted from
     * an entry's first failure.
     */
    public record Filter(String channel, String account, String reason, String status,
            Integer minAgeHours, Integer maxAgeHours) {
    }

    /** What a replay sent in: the entries it took and the inbound messages it stored. */
    public record Replay(List<Long> entries, List<Long> inboundMessages) {
    }

    private static final String ENTRY_COLUMNS = """
            d.id, d.status, d.channel, d.account, d.source_ref, d.record_ref, m.route,
            d.stage, d.field, d.reason_code, d.reason, d.error_class, d.attempts,
            d.created_at as first_failed_at, d.last_attempt_at as last_failed_at,
            d.impact_amount, d.impact_currency, d.urgent_by, d.sku, d.vendor,
            d.replays, d.replayed_at, d.resolved_at, d.discard_reason,
            d.inbound_message_id, d.replay_inbound_message_id""";

    private static final String FILTER = """
            where (?::text is null or d.channel = ?) and (?::text is null or d.account = ?)
              and (?::text is null or d.reason_code = ?) and (?::text is null or d.status = ?)
              and (?::int is null or d.created_at <= now() - make_interval(hours => ?::int))
              and (?::int is null or d.created_at >= now() - make_interval(hours => ?::int))
            """;

    /** Entries matching the filter, the most money at stake first, then the most urgent. */
    public List<Map<String, Object>> list(Filter filter, int limit) {
        List<Object> args = new ArrayList<>(filterArgs(filter));
        args.add(limit);
        List<Map<String, Object>> entries = jdbc.queryForList("select " + ENTRY_COLUMNS + """
                , d.raw_record
                from dead_letter d left join inbound_message m on m.id = d.inbound_message_id
                """ + FILTER + """
                order by d.impact_amount desc nulls last, d.urgent_by nulls last, d.id
                limit ?""", args.toArray());
        // The record as text, undecodable bytes replaced; GET .../payload gives exact bytes.
        entries.forEach(entry -> entry.put("raw_record", utf8((byte[]) entry.get("raw_record"))));
        return entries;
    }

    /** One entry with its headers, its record and the payload as received, as text. */
    public Map<String, Object> view(long id) {
        List<Map<String, Object>> found = jdbc.queryForList("select " + ENTRY_COLUMNS + """
                , d.raw_record, d.event_json, d.edited_payload, m.headers::text as headers,
                  case when octet_length(m.payload) <= ? then m.payload end as payload,
                  octet_length(m.payload) as payload_length, m.payload_sha256, m.received_at
                from dead_letter d left join inbound_message m on m.id = d.inbound_message_id
                where d.id = ?""", SHOWN_PAYLOAD_BYTES, id);
        if (found.isEmpty()) {
            throw new UnknownEntry(id);
        }
        Map<String, Object> entry = new LinkedHashMap<>(found.get(0));
        byte[] payload = (byte[]) entry.remove("payload");
        byte[] raw = (byte[]) entry.remove("raw_record");
        byte[] edited = (byte[]) entry.remove("edited_payload");
        Number length = (Number) entry.remove("payload_length");
        if (payload == null && length != null) {
            // Too large to hold as text for a page; GET .../payload gives the bytes.
            entry.put("payload", null);
            entry.put("payload_bytes", length.longValue());
            entry.put("payload_note", "the payload has " + length + " bytes, too many to show"
                    + " here; GET /api/dead-letters/" + id + "/payload gives it");
            entry.put("record", utf8(raw));
            entry.put("edited_payload", edited == null ? null : utf8(edited));
            entry.put("headers", headers((String) entry.get("headers")));
            entry.put("actions", actions(id));
            return entry;
        }
        if (payload == null) {
            // Not from a stored delivery (a queued message nobody could read): the record
            // itself is all there is.
            payload = raw;
            entry.put("payload_sha256", Intake.sha256(raw));
        }
        // Bytes are shown as text with undecodable bytes replaced; GET .../payload gives
        // them exactly.
        entry.put("payload", utf8(payload));
        entry.put("payload_bytes", payload.length);
        entry.put("record", utf8(raw));
        entry.put("edited_payload", edited == null ? null : utf8(edited));
        entry.put("headers", headers((String) entry.get("headers")));
        entry.put("actions", actions(id));
        return entry;
    }

    /** The payload exactly as it was received (the record itself if there is no delivery). */
    public byte[] payload(long id) {
        List<byte[]> found = jdbc.query("""
                select coalesce(m.payload, d.raw_record)
                from dead_letter d left join inbound_message m on m.id = d.inbound_message_id
                where d.id = ?""", (rs, n) -> rs.getBytes(1), id);
        if (found.isEmpty()) {
            throw new UnknownEntry(id);
        }
        return found.get(0);
    }

    /** Keeps a corrected payload for the next replay; the received payload stays as it was. */
    public void edit(long id, byte[] payload, String operator) {
        requireOperator(operator);
        String status = status(id);
        if ("DISCARDED".equals(status)) {
            throw new TriageRefusal("entry " + id + " is discarded; it cannot be edited");
        }
        if (payload.length == 0) {
            throw new IllegalArgumentException("payload: the corrected payload is empty");
        }
        jdbc.update("update dead_letter set edited_payload = ? where id = ?", payload, id);
        record(id, "EDIT", operator, "payload of " + payload.length + " bytes, sha256 "
                + Intake.sha256(payload), null);
        log.info("Dead letter edited entry={} operator={} bytes={}", id, operator,
                payload.length);
    }

    /** Replays one entry's message, with its corrected payload if it has one. */
    public Replay replay(long id, String operator) {
        requireOperator(operator);
        List<Map<String, Object>> found = jdbc.queryForList("""
                select status, inbound_message_id, edited_payload from dead_letter
                where id = ?""", id);
        if (found.isEmpty()) {
            throw new UnknownEntry(id);
        }
        Map<String, Object> entry = found.get(0);
        requireReplayable(id, (String) entry.get("status"), entry.get("inbound_message_id"));
        long inboundId = ((Number) entry.get("inbound_message_id")).longValue();
        long replayId = replayMessage(inboundId, (byte[]) entry.get("edited_payload"),
                List.of(id), operator);
        return new Replay(marked(replayId), List.of(replayId));
    }

    /**
     * Replays every open entry matching the filter, for instance once the catalog knows an
     * SKU it did not: each message once, however many of its records are in the store.
     */
    public Replay replayMatching(Filter filter, String operator) {
        requireOperator(operator);
        Filter open = new Filter(filter.channel(), filter.account(), filter.reason(), "OPEN",
                filter.minAgeHours(), filter.maxAgeHours());
        List<Object> args = new ArrayList<>(filterArgs(open));
        args.add(MAX_REPLAY);
        List<Map<String, Object>> selected = jdbc.queryForList("""
                select d.id, d.inbound_message_id, d.edited_payload from dead_letter d
                """ + FILTER + """
                  and d.inbound_message_id is not null
                order by d.inbound_message_id, d.id limit ?""", args.toArray());
        Map<Long, List<Map<String, Object>>> byMessage = new LinkedHashMap<>();
        for (Map<String, Object> entry : selected) {
            byMessage.computeIfAbsent(((Number) entry.get("inbound_message_id")).longValue(),
                    m -> new ArrayList<>()).add(entry);
        }

        List<Long> entries = new ArrayList<>();
        List<Long> messages = new ArrayList<>();
        byMessage.forEach((inboundId, group) -> {
            // The latest correction of any entry of the message is the one sent.
            byte[] edited = group.stream().map(e -> (byte[]) e.get("edited_payload"))
                    .filter(p -> p != null).reduce((a, b) -> b).orElse(null);
            if (edited == null && tooLargeToReplay(inboundId)) {
                log.info("Replay passed over inboundId={} reason=PAYLOAD_TOO_LARGE", inboundId);
                return;
            }
            List<Long> ids = group.stream().map(e -> ((Number) e.get("id")).longValue())
                    .toList();
            long replayId = replayMessage(inboundId, edited, ids, operator);
            messages.add(replayId);
            entries.addAll(marked(replayId));
        });
        return new Replay(entries, messages);
    }

    /**
     * Sends every stored delivery (of one channel or account, or the whole inbox) in again
     * the way it first came, oldest first; replays made before are not sent again. The
     * event keys decide what is new, so the books end as they were unless something had
     * been missed. Returns the ids of the inbound messages the replay stored.
     */
    public List<Long> replayInbox(String channel, String account, String operator) {
        List<Long> originals = jdbc.queryForList("""
                select id from inbound_message
                where (?::text is null or channel = ?) and (?::text is null or account = ?)
                  and route is distinct from ?
                order by id""", Long.class, channel, channel, account, account,
                Redelivery.REPLAY_ROUTE);
        List<Long> replays = new ArrayList<>();
        for (long inboundId : originals) {
            if (tooLargeToReplay(inboundId)) {
                log.info("Replay passed over inboundId={} reason=PAYLOAD_TOO_LARGE", inboundId);
                continue;
            }
            byte[] payload = jdbc.queryForObject(
                    "select payload from inbound_message where id = ?", byte[].class,
                    inboundId);
            replays.add(redelivery.redeliver(original(inboundId), payload));
        }
        log.info("Inbox replayed channel={} account={} messages={} operator={}", channel,
                account, originals.size(), operator);
        return replays;
    }

    /** Sets an entry aside for good, with the reason support staff give. */
    public void discard(long id, String reason, String operator) {
        requireOperator(operator);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: a discard needs a reason in words");
        }
        String status = status(id);
        if (!"OPEN".equals(status)) {
            throw new TriageRefusal("entry " + id + " is " + status
                    + "; only an open entry can be discarded");
        }
        jdbc.update("""
                update dead_letter set status = 'DISCARDED', discard_reason = ?
                where id = ? and status = 'OPEN'""", reason, id);
        record(id, "DISCARD", operator, reason, null);
        log.info("Dead letter discarded entry={} operator={}", id, operator);
    }

    /** The actions taken on an entry, oldest first. */
    public List<Map<String, Object>> actions(long id) {
        status(id);
        return jdbc.queryForList("""
                select id, action, operator, detail, replay_inbound_message_id, acted_at
                from dead_letter_action where dead_letter_id = ? order by id""", id);
    }

    /**
     * Settles replays whose message has been applied in full: an entry whose record was
     * refused again under another reason (a new entry for the same record) opens again,
     * one attempt more; the others are resolved. An entry refused again for the same
     * reason was reopened by the store itself. Safe to repeat.
     */
    public int settleReplays() {
        int reopened = jdbc.update("""
                update dead_letter d set status = 'OPEN', attempts = d.attempts + 1,
                    last_attempt_at = now()
                from inbound_message m
                where d.status = 'REPLAYING' and m.id = d.replay_inbound_message_id
                  and m.status = 'COMPLETE'
                  and exists (select 1 from dead_letter n
                              where n.last_inbound_message_id = m.id
                                and n.record_ref = d.record_ref and n.id <> d.id)""");
        List<Long> resolved = jdbc.queryForList("""
                update dead_letter d set status = 'RESOLVED', resolved_at = now()
                from inbound_message m
                where d.status = 'REPLAYING' and m.id = d.replay_inbound_message_id
                  and m.status = 'COMPLETE'
                returning d.id""", Long.class);
        resolved.forEach(id -> log.info("Dead letter resolved entry={}", id));
        return reopened + resolved.size();
    }

    /**
     * A stored payload above the mapping limit: replayed, it would only be refused again,
     * after being loaded whole into memory and stored once more.
     */
    private boolean tooLargeToReplay(long inboundId) {
        Long length = jdbc.queryForObject("select octet_length(payload) from inbound_message"
                + " where id = ?", Long.class, inboundId);
        return length != null && length > maxPayloadBytes;
    }

    private long replayMessage(long inboundId, byte[] edited, List<Long> ids,
            String operator) {
        if (edited == null && tooLargeToReplay(inboundId)) {
            throw new TriageRefusal("inbound message " + inboundId + " has more bytes than"
                    + " the hub maps (" + maxPayloadBytes + "); a replay would be refused"
                    + " again: fetch its payload, split it, and send the parts in, or keep a"
                    + " corrected payload within the limit");
        }
        Redelivery.Original original = original(inboundId);
        byte[] payload = edited != null ? edited : jdbc.queryForObject(
                "select payload from inbound_message where id = ?", byte[].class, inboundId);

        // Marked before the message goes in: a refusal stored while it is applied reopens
        // the entry, and must not be overwritten by this mark afterwards.
        List<Long> marked = jdbc.queryForList("""
                update dead_letter set status = 'REPLAYING', replayed_at = now(),
                    replays = replays + 1, replay_inbound_message_id = null
                where (id = any(?::bigint[]) or (inbound_message_id = ? and status = 'OPEN'))
                  and status <> 'DISCARDED'
                returning id""", Long.class, ids(ids), inboundId);
        long replayId;
        try {
            replayId = redelivery.redeliver(original, payload);
        } catch (RuntimeException failed) {
            jdbc.update("update dead_letter set status = 'OPEN' where id = any(?::bigint[])"
                    + " and status = 'REPLAYING'", ids(marked));
            throw failed;
        }
        jdbc.update("update dead_letter set replay_inbound_message_id = ?"
                + " where id = any(?::bigint[])", replayId, ids(marked));

        String detail = (edited != null ? "edited payload" : "payload as received")
                + " sent in again as inbound message " + replayId;
        for (long id : marked) {
            record(id, "REPLAY", operator, detail, replayId);
            meter.replayed(original.channel(), original.account());
        }
        log.info("Dead letters replayed entries={} inboundId={} replayInboundId={} operator={}",
                marked, inboundId, replayId, operator);
        return replayId;
    }

    private List<Long> marked(long replayId) {
        return jdbc.queryForList("select dead_letter_id from dead_letter_action"
                + " where replay_inbound_message_id = ? order by dead_letter_id", Long.class,
                replayId);
    }

    private Redelivery.Original original(long inboundId) {
        return jdbc.queryForObject("""
                select channel, account, message_type, source_ref, headers::text, received_at
                from inbound_message where id = ?""",
                (rs, n) -> new Redelivery.Original(inboundId, rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), headers(rs.getString(5)),
                        rs.getTimestamp(6).toInstant()),
                inboundId);
    }

    private void record(long id, String action, String operator, String detail,
            Long replayInboundId) {
        jdbc.update("""
                insert into dead_letter_action (dead_letter_id, action, operator, detail,
                    replay_inbound_message_id) values (?, ?, ?, ?, ?)""",
                id, action, operator, detail, replayInboundId);
    }

    private String status(long id) {
        List<String> status = jdbc.queryForList("select status from dead_letter where id = ?",
                String.class, id);
        if (status.isEmpty()) {
            throw new UnknownEntry(id);
        }
        return status.get(0);
    }

    private static void requireReplayable(long id, String status, Object inboundId) {
        if ("DISCARDED".equals(status)) {
            throw new TriageRefusal("entry " + id + " is discarded; it is not replayed");
        }
        if ("REPLAYING".equals(status)) {
            throw new TriageRefusal("entry " + id + " is being replayed; wait until it is"
                    + " resolved or open again");
        }
        if (inboundId == null) {
            throw new TriageRefusal("entry " + id + " came from no stored delivery (a queued"
                    + " message the hub could not read); there is nothing to send in again");
        }
    }

    private static void requireOperator(String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator: every triage action names who"
                    + " takes it");
        }
    }

    private static List<Object> filterArgs(Filter f) {
        return Arrays.asList(f.channel(), f.channel(), f.account(), f.account(), f.reason(),
                f.reason(), f.status(), f.status(), f.minAgeHours(), f.minAgeHours(),
                f.maxAgeHours(), f.maxAgeHours());
    }

    /** A list of ids as a PostgreSQL array literal, for {@code = any(?::bigint[])}. */
    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf)
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static Map<String, String> headers(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers are not JSON", e);
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
