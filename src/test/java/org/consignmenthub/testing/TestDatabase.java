package org.consignmenthub.testing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL database the tests use: {@code test} on 127.0.0.1:5432 unless
 * {@code HUB_TEST_DB_URL}, {@code HUB_TEST_DB_USER} and {@code HUB_TEST_DB_PASSWORD} say
 * otherwise (the test profile reads the same variables).
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String url() {
        return System.getenv().getOrDefault("HUB_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return System.getenv().getOrDefault("HUB_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return System.getenv().getOrDefault("HUB_TEST_DB_PASSWORD", "");
    }

    /** A connection of the test's own, beside whatever the hub under test does. */
    public static JdbcTemplate direct() {
        return new JdbcTemplate(new DriverManagerDataSource(url(), user(), password()));
    }
}
