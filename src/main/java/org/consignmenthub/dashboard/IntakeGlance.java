package org.consignmenthub.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import org.consignmenthub.intake.SourceHealth;
import org.consignmenthub.triage.VendorFeeds;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Intake health at a glance, from what triage and health already keep: open dead letters
 * (in all and by reason), payloads still being worked on, each intake source and each
 * vendor feed with the state the health endpoint reports.
 */
public class IntakeGlance {

    private final JdbcTemplate jdbc;
    private final SourceHealth sources;
    private final VendorFeeds feeds;

    public IntakeGlance(JdbcTemplate jdbc, SourceHealth sources, VendorFeeds feeds) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.feeds = feeds;
    }

    public Map<String, Object> now() {
        Map<String, Object> glance = new LinkedHashMap<>();
        glance.put("deadLettersOpen", jdbc.queryForObject(
                "select count(*) from dead_letter where status = 'OPEN'", Long.class));
        glance.put("deadLettersByReason", jdbc.queryForList("""
                select channel, reason_code, count(*) as entries from dead_letter
                where status = 'OPEN' group by channel, reason_code
                order by entries desc, channel, reason_code limit 20"""));
        glance.put("messagesInProgress", jdbc.queryForObject(
                "select count(*) from inbound_message where status <> 'COMPLETE'", Long.class));
        glance.put("sources", sources.sources().stream().map(IntakeGlance::source).toList());
        glance.put("vendorFeeds", feeds.feeds().stream().map(IntakeGlance::feed).toList());
        return glance;
    }

    private static Map<String, Object> source(SourceHealth.Source source) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("route", source.route());
        view.put("status", source.down() ? "DOWN" : "UP");
        view.put("consecutiveFailures", source.consecutiveFailures());
        view.put("lastSuccessAt", source.lastSuccessAt());
        view.put("lastFailureAt", source.lastFailureAt());
        view.put("lastError", source.lastError());
        return view;
    }

    private static Map<String, Object> feed(VendorFeeds.Feed feed) {
        String status = feed.lastReceivedAt() == null ? "UNKNOWN"
                : feed.overdue() ? "DOWN" : "UP";
        return Map.of("legalEntity", feed.legalEntity(), "vendor", feed.vendor(),
                "status", status, "summary", feed.summary());
    }
}
