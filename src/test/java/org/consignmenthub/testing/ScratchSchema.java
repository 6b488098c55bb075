package org.consignmenthub.testing;

import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The test database is a scratch database shared with whatever ran on the machine before:
 * another checkout may have left a schema whose history no longer matches these
 * migrations. Such a schema is dropped and built again, so that a run never depends on
 * what an earlier one left behind. A database whose history matches is only migrated.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScratchSchema {

    private static final Logger log = LoggerFactory.getLogger(ScratchSchema.class);

    @Bean
    FlywayMigrationStrategy rebuildStaleSchema() {
        return flyway -> {
            ValidateResult validation = flyway.validateWithResult();
            if (!validation.validationSuccessful && hasHistory(validation)) {
                log.warn("Test schema does not match the migrations ({}); rebuilding it",
                        validation.getAllErrorMessages());
                flyway.clean();
            }

            flyway.migrate();
        };
    }

    private static boolean hasHistory(ValidateResult validation) {
        // A fresh database fails validation only because migrations are pending.
        return validation.invalidMigrations.stream()
                .anyMatch(invalid -> invalid.errorDetails == null
                        || invalid.errorDetails.errorCode
                                != CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED);
    }
}
