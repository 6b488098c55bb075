package org.consignmenthub.runtime;

import java.util.Iterator;
import java.util.List;
import org.consignmenthub.intake.SourceHealth;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * One health indicator per intake source (route) that has taken or failed a payload:
 * DOWN after {@value SourceHealth#DOWN_AFTER} failures in a row, UP again with the next
 * payload it takes in, with its last good receipt and last error as details.
 */
class SourcesHealth implements CompositeHealthContributor {

    private final SourceHealth sources;

    SourcesHealth(SourceHealth sources) {
        this.sources = sources;
    }

    @Override
    public HealthContributor getContributor(String route) {
        return sources.sources().stream().filter(s -> s.route().equals(route)).findFirst()
                .<HealthContributor>map(SourcesHealth::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> all = sources.sources().stream()
                .map(s -> NamedContributor.of(s.route(), indicator(s))).toList();
        return all.iterator();
    }

    private static HealthContributor indicator(SourceHealth.Source source) {
        return (HealthIndicator) () -> {
            Health.Builder health = source.down() ? Health.down() : Health.up();
            health.withDetail("consecutiveFailures", source.consecutiveFailures());
            if (source.lastSuccessAt() != null) {
                health.withDetail("lastSuccessAt", source.lastSuccessAt().toString());
            }
            if (source.lastFailureAt() != null) {
                health.withDetail("lastFailureAt", source.lastFailureAt().toString());
                health.withDetail("lastError", String.valueOf(source.lastError()));
            }
            return health.build();
        };
    }
}
