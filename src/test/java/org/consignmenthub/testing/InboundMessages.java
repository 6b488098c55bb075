package org.consignmenthub.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub's store of inbound messages as a test reads it: waits until a message has been
 * applied or refused in full, and gives back the payload exactly as it was stored.
 */
public final class InboundMessages {

    /** Generous: a loaded build machine may take a while to poll, map and apply. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;

    public InboundMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Waits until every record of the message is applied or refused. */
    public void awaitComplete(long id) {
        await("inbound message " + id + " complete").atMost(PATIENCE)
                .until(() -> "COMPLETE".equals(status(id)));
    }

    /**
     * Waits until a file from the channel account's folder is stored and complete, and
     * returns its id. {@code fileName} is the name it was delivered under.
     */
    public long awaitFile(String channel, String account, String fileName) {
        String sourceRef = channel + "/" + account + "/" + fileName;
        await("file " + sourceRef + " taken in").atMost(PATIENCE)
                .until(() -> !ids(channel, sourceRef).isEmpty());
        long id = ids(channel, sourceRef).get(0);
        awaitComplete(id);
        return id;
    }

    /** The ids of the messages stored under the source reference, oldest first. */
    public List<Long> ids(String channel, String sourceRef) {
        return jdbc.queryForList("select id from inbound_message where channel = ?"
                + " and source_ref = ? order by id", Long.class, channel, sourceRef);
    }

    public byte[] payload(long id) {
        return jdbc.queryForObject("select payload from inbound_message where id = ?",
                byte[].class, id);
    }

    public String status(long id) {
        List<String> status = jdbc.queryForList("select status from inbound_message"
                + " where id = ?", String.class, id);
        return status.isEmpty() ? null : status.get(0);
    }
}
