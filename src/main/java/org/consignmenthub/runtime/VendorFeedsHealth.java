package org.consignmenthub.runtime;

import java.util.Iterator;
import java.util.List;
import org.consignmenthub.triage.VendorFeeds;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * One health indicator per vendor whose catalog entry says how often to expect a stock
 * report: DOWN while the feed is overdue, with the hours of silence in words; UNKNOWN
 * until the vendor's first report.
 */
class VendorFeedsHealth implements CompositeHealthContributor {

    private final VendorFeeds feeds;

    VendorFeedsHealth(VendorFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return feeds.feeds().stream().filter(f -> name(f).equals(name)).findFirst()
                .<HealthContributor>map(VendorFeedsHealth::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> all = feeds.feeds().stream()
                .map(f -> NamedContributor.of(name(f), indicator(f))).toList();
        return all.iterator();
    }

    private static String name(VendorFeeds.Feed feed) {
        return feed.legalEntity() + "." + feed.vendor();
    }

    private static HealthContributor indicator(VendorFeeds.Feed feed) {
        return (HealthIndicator) () -> {
            // A vendor that has not reported since it was set up is not yet a fault: the
            // hub cannot tell a new feed from a silent one, and a fresh hub must not start
            // out DOWN.
            Health.Builder health = feed.lastReceivedAt() == null ? Health.unknown()
                    : feed.overdue() ? Health.down() : Health.up();
            health.withDetail("vendor", feed.vendor())
                    .withDetail("expectedEveryHours", feed.expectedEvery().toHours())
                    .withDetail("summary", feed.summary());
            if (feed.lastReceivedAt() != null) {
                health.withDetail("lastReceivedAt", feed.lastReceivedAt().toString())
                        .withDetail("hoursSilent", feed.hoursSilent());
            }
            return health.build();
        };
    }
}
