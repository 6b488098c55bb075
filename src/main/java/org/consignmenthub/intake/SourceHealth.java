package org.consignmenthub.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How each intake source (a route: the file drop, SFTP, each HTTP intake) is doing: when it
 * last took a payload in, and how many times in a row it failed since. A payload refused
 * whole (no account, no mapping, nothing readable in it) counts as a failure of its
 * source, as does an error that kept it from being taken in at all.
 */
public class SourceHealth {

    /** Failures in a row after which a source is reported down. */
    public static final int DOWN_AFTER = 3;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SourceHealth(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One source as support staff see it. */
    public record Source(String route, Instant lastSuccessAt, Instant lastFailureAt,
            int consecutiveFailures, String lastError) {

        public boolean down() {
            return consecutiveFailures >= DOWN_AFTER;
        }
    }

    public void succeeded(String route) {
        jdbc.update("""
                insert into source_health (route, last_success_at) values (?, ?)
                on conflict (route) do update set last_success_at = excluded.last_success_at,
                    consecutive_failures = 0""", route, Timestamp.from(clock.instant()));
    }

    public void failed(String route, String error) {
        jdbc.update("""
                insert into source_health (route, last_failure_at, consecutive_failures,
                    last_error) values (?, ?, 1, ?)
                on conflict (route) do update set last_failure_at = excluded.last_failure_at,
                    consecutive_failures = source_health.consecutive_failures + 1,
                    last_error = excluded.last_error""",
                route, Timestamp.from(clock.instant()), error);
    }

    public List<Source> sources() {
        return jdbc.query("""
                select route, last_success_at, last_failure_at, consecutive_failures,
                    last_error from source_health order by route""",
                (rs, n) -> new Source(rs.getString(1), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3)), rs.getInt(4), rs.getString(5)));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
