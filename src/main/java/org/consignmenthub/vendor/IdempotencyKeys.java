package org.consignmenthub.vendor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Answers kept per vendor and {@code Idempotency-Key}: the first request under a key is
 * carried out and its answer stored; the same request again gets that answer without
 * being carried out again; a different request under the same key is refused. Keys expire
 * after the configured lifetime; a vendor's expired keys are removed when it next posts.
 */
public class IdempotencyKeys {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lifetime;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock, Duration lifetime) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** What to do with a request under a key. */
    public sealed interface Claim {
    }

    /** The key is new: carry the request out, then {@link #complete} or {@link #release}. */
    public record Fresh() implements Claim {
    }

    /** The same request was answered before: send this answer again. */
    public record Answered(int status, String contentType, byte[] body) implements Claim {
    }

    /** The key was used for a different request. */
    public record Conflict() implements Claim {
    }

    /** The same request is being carried out right now. */
    public record Running() implements Claim {
    }

    public Claim claim(String vendor, String key, String requestSha256, String method,
            String path) {
        jdbc.update("delete from vendor_idempotency_key where vendor = ? and expires_at < ?",
                vendor, Timestamp.from(clock.instant()));
        int inserted = jdbc.update("""
                insert into vendor_idempotency_key (vendor, idempotency_key, request_sha256,
                    method, path, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", vendor, key,
                requestSha256, method, path, Timestamp.from(clock.instant()),
                Timestamp.from(clock.instant().plus(lifetime)));
        if (inserted == 1) {
            return new Fresh();
        }

        List<Claim> found = jdbc.query("""
                select request_sha256, status, content_type, response_body
                from vendor_idempotency_key where vendor = ? and idempotency_key = ?""",
                (rs, n) -> {
                    if (!rs.getString(1).equals(requestSha256)) {
                        return new Conflict();
                    }
                    int status = rs.getInt(2);
                    return rs.wasNull() ? new Running()
                            : new Answered(status, rs.getString(3), rs.getBytes(4));
                }, vendor, key);
        // Removed between the insert and the read (it expired, or its request failed):
        // the caller may simply try again.
        return found.isEmpty() ? new Running() : found.get(0);
    }

    public void complete(String vendor, String key, int status, String contentType,
            byte[] body) {
        jdbc.update("""
                update vendor_idempotency_key set status = ?, content_type = ?,
                    response_body = ?
                where vendor = ? and idempotency_key = ?""", status, contentType, body,
                vendor, key);
    }

    /** The request failed on the hub's side: the key is free for the same request again. */
    public void release(String vendor, String key) {
        jdbc.update("delete from vendor_idempotency_key where vendor = ? and idempotency_key = ?",
                vendor, key);
    }
}
