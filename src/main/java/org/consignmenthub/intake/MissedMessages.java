package org.consignmenthub.intake;

import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The books of missed-message checks. A message counts as received when an event of its
 * key was applied or refused at that revision or a later one, or when an earlier check
 * already fed it in; anything else the partner lists is missing.
 */
public class MissedMessages {

    private final JdbcTemplate jdbc;

    public MissedMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long beginCheck(String channel, String account, Instant since) {
        return jdbc.queryForObject("""
                insert into missed_message_check (channel, account, since) values (?, ?, ?)
                returning id""", Long.class, channel, account, Timestamp.from(since));
    }

    public boolean received(String channel, String account, String messageType,
            String externalId, int revision) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from processed_event
                               where channel = ? and account = ? and message_type = ?
                                 and external_id = ? and revision >= ?)
                    or exists (select 1 from missed_message
                               where channel = ? and account = ? and message_type = ?
                                 and external_id = ? and revision >= ?)""", Boolean.class,
                channel, account, messageType, externalId, revision,
                channel, account, messageType, externalId, revision));
    }

    public void recordMissing(long checkId, String channel, String account, String messageType,
            String externalId, int revision, Long inboundMessageId) {
        jdbc.update("""
                insert into missed_message (check_id, channel, account, message_type,
                    external_id, revision, inbound_message_id)
                values (?, ?, ?, ?, ?, ?, ?)""", checkId, channel, account, messageType,
                externalId, revision, inboundMessageId);
    }

    public void finishCheck(long checkId, int listed, int missing, String failure) {
        jdbc.update("""
                update missed_message_check
                set finished_at = now(), listed = ?, missing = ?, failure = ?
                where id = ?""", listed, missing, failure, checkId);
    }

    /** The latest checks, newest first, each with the messages it found missing. */
    public List<Map<String, Object>> latestChecks(int limit) {
        List<Map<String, Object>> checks = jdbc.queryForList("""
                select id, channel, account, since, started_at, finished_at, listed, missing,
                    failure
                from missed_message_check order by id desc limit ?""", limit);
        for (Map<String, Object> check : checks) {
            check.put("found", jdbc.queryForList("""
                    select message_type, external_id, revision, inbound_message_id, found_at
                    from missed_message where check_id = ? order by id""", check.get("id")));
        }
        return checks;
    }
}
