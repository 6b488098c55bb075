package org.consignmenthub.triage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether each vendor's stock reports come as often as the catalog says they should
 * ({@code expectedFeedHours} on the vendor): a feed is overdue when nothing has come from
 * the vendor on a stock channel for longer than that, or nothing ever came.
 */
public class VendorFeeds {

    /** The channels on which vendors report their stock; the account is the vendor. */
    public static final List<String> STOCK_CHANNELS = List.of("vendor-stock",
            "vendor-stock-api");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public VendorFeeds(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One vendor's feed: when its last report came, and how often one is expected. */
    public record Feed(String legalEntity, String vendor, Duration expectedEvery,
            Instant lastReceivedAt, Instant checkedAt) {

        public boolean overdue() {
            return lastReceivedAt == null
                    || lastReceivedAt.plus(expectedEvery).isBefore(checkedAt);
        }

        /** Whole hours since the last report, or null if none ever came. */
        public Long hoursSilent() {
            return lastReceivedAt == null ? null
                    : Duration.between(lastReceivedAt, checkedAt).toHours();
        }

        public String summary() {
            if (lastReceivedAt == null) {
                return "no stock report from vendor " + vendor + " yet; one is expected every "
                        + expectedEvery.toHours() + " hours";
            }
            return (overdue() ? "no stock report" : "last stock report") + " from vendor "
                    + vendor + (overdue() ? " for " : " ") + hoursSilent() + " hours"
                    + (overdue() ? "" : " ago") + "; one is expected every "
                    + expectedEvery.toHours() + " hours";
        }
    }

    public List<Feed> feeds() {
        Instant now = clock.instant();
        return jdbc.query("""
                select v.legal_entity, v.code, v.expected_feed_hours,
                    (select max(m.received_at) from inbound_message m
                     join channel_account a on a.channel = m.channel and a.account = m.account
                     where m.channel = any(?::text[]) and m.account = v.code
                       and a.legal_entity = v.legal_entity) as last_received_at
                from vendor v where v.expected_feed_hours is not null
                order by v.legal_entity, v.code""",
                (rs, n) -> new Feed(rs.getString(1), rs.getString(2),
                        Duration.ofHours(rs.getInt(3)), instant(rs.getTimestamp(4)), now),
                "{" + String.join(",", STOCK_CHANNELS) + "}");
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
