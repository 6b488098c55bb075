package org.consignmenthub.reconciliation;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.billing.DocumentNumbers;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.runtime.HubClock;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciles one count session of a million lines against a million positions (100
 * locations by 10,000 consigned SKUs) in a scratch schema of the given database, and
 * prints how long each step took. One line in a thousand is short beyond tolerance (a
 * case), one in two hundred a unit off (an automatic adjustment); the rest agree.
 *
 * <p>Arguments: JDBC URL (default the test database), user, password.
 */
public final class ReconciliationBenchmark {

    private static final String SCHEMA = "reconciliation_benchmark";
    private static final int LOCATIONS = 100;
    private static final int SKUS = 10_000;
    private static final Instant COUNTED = Instant.parse("2026-12-03T23:00:00Z");

    private ReconciliationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = args.length > 2 ? args[2] : "";
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;

        Flyway.configure().dataSource(scoped, user, password).schemas(SCHEMA)
                .cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(scoped, user, password).schemas(SCHEMA).load().migrate();
        SingleConnectionDataSource data = new SingleConnectionDataSource(scoped, user,
                password, true);
        JdbcTemplate jdbc = new JdbcTemplate(data);
        TransactionTemplate transaction = new TransactionTemplate(
                new DataSourceTransactionManager(data));

        long started = System.nanoTime();
        stockTheBooks(jdbc);
        report("books stocked (1,000,000 positions and movements)", started);

        HubClock clock = new HubClock();
        clock.driveTo(COUNTED.plus(Duration.ofHours(12)));
        CountSessions sessions = sessions(jdbc, clock);
        long session = transaction.execute(s -> sessions.open("BENCH", "BENCH-1", "bench"))
                .id();

        started = System.nanoTime();
        long lines = copyCountLines(data.getConnection(), session);
        report("count lines copied (" + lines + ")", started);

        started = System.nanoTime();
        CountMatching.Outcome outcome = transaction.execute(s -> sessions.submit(session));
        report("session reconciled: " + outcome, started);
        data.destroy();
    }

    private static void stockTheBooks(JdbcTemplate jdbc) {
        jdbc.execute("""
                insert into legal_entity values ('BENCH', 'Benchmark Retail', 'USD', 'UTC');
                insert into vendor values ('BENCH', 'VB', 'Benchmark Vendor', 'VB-TAX');
                insert into location (legal_entity, code, name)
                select 'BENCH', 'LOC' || lpad(l::text, 3, '0'), 'Store ' || l
                from generate_series(1, %1$d) l;
                insert into item (legal_entity, sku, description, vendor)
                select 'BENCH', 'SKU' || lpad(s::text, 5, '0'), 'Item ' || s, 'VB'
                from generate_series(1, %2$d) s;
                insert into consignment_agreement (legal_entity, vendor, version, reference,
                    effective_from, currency, tax_rate, settlement_period, time_zone,
                    return_window_hours, transfer_trigger, consumption_priority,
                    count_tolerance_units, count_tolerance_percent, shrink_bearer)
                values ('BENCH', 'VB', 1, 'SBA-VB-1', '2026-01-01', 'USD', 0, 'MONTHLY',
                    'UTC', 720, 'SALE_AND_SHIPMENT', 'CONSIGNMENT_FIRST', 1, 5,
                    'VENDOR_CHARGEABLE');
                insert into stock_movement (legal_entity, location, sku, owner, bucket,
                    quantity, reason, cause, business_time)
                select 'BENCH', 'LOC' || lpad(l::text, 3, '0'),
                    'SKU' || lpad(s::text, 5, '0'), 'VB', 'AVAILABLE', 20 + (l + s) %% 30,
                    'RECEIPT', 'bench/receipt', '2026-11-01'
                from generate_series(1, %1$d) l, generate_series(1, %2$d) s;
                insert into stock_position
                select legal_entity, location, sku, owner, bucket, quantity
                from stock_movement;
                analyze;
                """.formatted(LOCATIONS, SKUS));
    }

    /** The counted lines as CSV through COPY: most agree, a few are off. */
    private static long copyCountLines(Connection connection, long session) throws Exception {
        StringBuilder csv = new StringBuilder(48 * LOCATIONS * SKUS);
        long line = 0;
        for (int l = 1; l <= LOCATIONS; l++) {
            for (int s = 1; s <= SKUS; s++) {
                line++;
                long book = 20 + (l + s) % 30;
                long counted = line % 1000 == 0 ? book - 10 : line % 200 == 0 ? book - 1
                        : book;
                csv.append(session).append(',').append(line).append(",LOC")
                        .append(String.format("%03d", l)).append(",SKU")
                        .append(String.format("%05d", s)).append(',').append(counted)
                        .append(',').append(COUNTED).append('\n');
            }
        }
        return ((PGConnection) connection.unwrap(PGConnection.class)).getCopyAPI().copyIn(
                "copy count_line (session_id, line_ref, location, sku, counted_qty,"
                        + " counted_at) from stdin with (format csv)",
                new StringReader(csv.toString()));
    }

    private static CountSessions sessions(JdbcTemplate jdbc, HubClock clock) {
        Agreements agreements = new Agreements(jdbc);
        Adjustments adjustments = new Adjustments(jdbc, new StockLedger(jdbc), agreements,
                new SelfBilling(jdbc, agreements, new DocumentNumbers(jdbc), clock));
        DiscrepancyCases cases = new DiscrepancyCases(jdbc, adjustments, clock);
        return new CountSessions(jdbc, new Catalog(jdbc),
                new CountMatching(jdbc, adjustments, cases), clock);
    }

    private static void report(String step, long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        System.out.printf("%-90s %8.1f s%n", step, took.toMillis() / 1000.0);
    }
}
