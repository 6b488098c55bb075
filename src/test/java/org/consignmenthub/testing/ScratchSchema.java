package org.consignmenthub.testing;

import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The test database is a scratch database shared with whatever ran on the machine before:
 * another checkout may have left a schema whose history does not match these migrations
 * (changed, missing, or out of order). Whenever the history does not validate, the schema
 * is dropped and built again, so a run never depends on what an earlier one left behind.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScratchSchema {

    private static final Logger log = LoggerFactory.getLogger(ScratchSchema.class);

    @Bean
    FlywayMigrationStrategy rebuildStaleSchema() {
        return flyway -> {
            ValidateResult validation = flyway.validateWithResult();
            if (!validation.validationSuccessful) {
                log.warn("Test schema does not match the migrations ({}); rebuilding it",
                        validation.getAllErrorMessages());
                flyway.clean();
            }

            flyway.migrate();
        };
    }
}
