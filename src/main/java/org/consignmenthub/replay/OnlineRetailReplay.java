package org.consignmenthub.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.ConsignmentHub;
import org.consignmenthub.catalog.CatalogLoader;
import org.consignmenthub.reporting.ConsignmentSummary;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.runtime.SettlementScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replays the UCI Online Retail data set through a running hub, as a retailer's partner
 * would deliver it: month by month, first the month's receipts (consignment receipts into
 * the vendors' folders, purchase receipts into the retailer's), then the sales day files,
 * each taken in through the file-drop route and applied before the next is dropped. The
 * hub's clock follows the data, so settlement months close as the data passes their end.
 */
public final class OnlineRetailReplay {

    public static final String COMMAND = "replay-online-retail";

    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(OnlineRetailReplay.class);

    private final ConfigurableApplicationContext hub;
    private final OnlineRetailScenario scenario;
    private final Path dropDir;
    private final PrintStream progress;
    private final JdbcTemplate jdbc;
    private final HubClock clock;
    private final List<FileTiming> timings = new ArrayList<>();

    OnlineRetailReplay(ConfigurableApplicationContext hub, OnlineRetailScenario scenario,
            Path dropDir, PrintStream progress) {
        this.hub = hub;
        this.scenario = scenario;
        this.dropDir = dropDir;
        this.progress = progress;
        this.jdbc = hub.getBean(JdbcTemplate.class);
        this.clock = hub.getBean(HubClock.class);
    }

    /** The command line: {@code <dataset-dir> <summary.json> [--spring.option=value ...]}. */
    public static int run(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: java -jar consignment-hub.jar " + COMMAND
                    + " <dataset-dir> <summary.json> [--hub.data-dir=<folder>]");
            return 2;
        }
        Path dataset = Path.of(args[0]);
        Path summaryFile = Path.of(args[1]);
        try {
            ObjectNode summary = replay(dataset, List.of(args).subList(2, args.length),
                    System.out);
            Files.writeString(summaryFile, new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(summary), StandardCharsets.UTF_8);
            System.out.println("Summary written to " + summaryFile.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException refused) {
            System.err.println("Replay refused: " + refused.getMessage());
            return 2;
        } catch (Exception e) {
            log.error("Replay failed dataset={} summary={}", dataset, summaryFile, e);
            return 1;
        }
    }

    /**
     * Starts a hub on fresh embedded books (unless options say otherwise), replays the
     * data set, closes the open periods and returns the summary. The hub is stopped after.
     */
    public static ObjectNode replay(Path dataset, List<String> hubOptions, PrintStream progress)
            throws Exception {
        progress.println("Reading the data set in " + dataset.toAbsolutePath());
        OnlineRetailScenario scenario = OnlineRetailScenario.decide(dataset);
        progress.printf("Scenario: %d day files, %d months, %d consigned SKUs%n",
                scenario.dayFiles().size(), scenario.months().size(),
                scenario.vendorBySku().size());

        List<String> options = new ArrayList<>();
        // One line per title transfer is right for a live hub, noise for a bulk replay whose
        // progress is printed per file; rejections are still logged.
        options.add("--logging.level.org.consignmenthub.processing=WARN");
        options.addAll(hubOptions);
        Optional<Path> chosen = options.stream().filter(o -> o.startsWith("--hub.data-dir="))
                .map(o -> Path.of(o.substring("--hub.data-dir=".length()))).findFirst();
        if (chosen.isEmpty()) {
            Path fresh = Path.of("data", "replay-online-retail");
            deleteRecursively(fresh);
            options.add("--hub.data-dir=" + fresh);
        } else if (holdsAnything(chosen.get())) {
            // The summary describes the books; books that held anything before the replay
            // would be described with it. A folder of the user's is never emptied here.
            throw new IllegalArgumentException("the data folder " + chosen.get().toAbsolutePath()
                    + " is not empty: a replay needs fresh books; name an empty or new folder");
        }
        try (ConfigurableApplicationContext hub = ConsignmentHub.start(
                options.toArray(String[]::new))) {
            Path drop = Path.of(hub.getEnvironment().getProperty("hub.intake.files.dir"));
            OnlineRetailReplay replay = new OnlineRetailReplay(hub, scenario, drop, progress);
            return replay.replayAll();
        }
    }

    ObjectNode replayAll() throws IOException, InterruptedException {
        hub.getBean(CatalogLoader.class).load(scenario.catalog());
        Instant started = Instant.now();
        long rows = 0;
        for (YearMonth month : scenario.months()) {
            driveClockTo(scenario.startOf(month));
            deliverReceipts(month);
            for (Path day : scenario.dayFilesOf(month)) {
                FileTiming timing = deliver(day, OnlineRetailScenario.SALES_CHANNEL + "/default",
                        day.getFileName().toString(), Files.readAllBytes(day));
                rows += timing.records();
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                progress.printf("%s  %6d rows  %7.1f s  %8.0f rows/s total%n",
                        day.getFileName(), timing.records(), seconds, rows / seconds);
            }
        }
        YearMonth last = scenario.months().get(scenario.months().size() - 1);
        driveClockTo(scenario.startOf(last.plusMonths(1)));
        hub.getBean(SettlementScheduler.class).closeAllOpenPeriods();
        report(started, rows);
        return hub.getBean(ConsignmentSummary.class)
                .of(OnlineRetailScenario.LEGAL_ENTITY, OnlineRetailScenario.SALES_CHANNEL);
    }

    private void driveClockTo(Instant at) {
        clock.driveTo(at);
        // The month before has ended by the data's clock: close it now rather than wait
        // for the timer, so the next month's lines cannot be taken for it.
        hub.getBean(SettlementScheduler.class).closeEndedPeriods();
    }

    private void deliverReceipts(YearMonth month) throws IOException, InterruptedException {
        String receivedAt = scenario.startOf(month).toString();
        for (Map.Entry<String, Map<String, Long>> owner
                : scenario.receiptsByOwner(month).entrySet()) {
            StringBuilder csv = new StringBuilder();
            String folder;
            if ("RETAILER".equals(owner.getKey())) {
                folder = "purchase-receipts/default";
                csv.append("sku,location,quantity,unit_cost,currency,supplier,received_at,"
                        + "reference\r\n");
                owner.getValue().forEach((sku, qty) -> csv.append(String.join(",", quoted(sku),
                        OnlineRetailScenario.LOCATION, qty.toString(),
                        scenario.unitCost(sku).toPlainString(), OnlineRetailScenario.CURRENCY,
                        "WHOLESALE", receivedAt, "PO-" + month)).append("\r\n"));
            } else {
                folder = "vendor-stock/" + owner.getKey();
                csv.append("sku,location,qty_received,received_at,reference\r\n");
                owner.getValue().forEach((sku, qty) -> csv.append(String.join(",", quoted(sku),
                        OnlineRetailScenario.LOCATION, qty.toString(), receivedAt,
                        "ASN-" + owner.getKey() + "-" + month)).append("\r\n"));
            }
            FileTiming timing = deliver(null, folder, "receipts-" + month + ".csv",
                    csv.toString().getBytes(StandardCharsets.UTF_8));
            progress.printf("%s receipts for %s: %d SKUs%n", month, owner.getKey(),
                    timing.records());
        }
    }

    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** Drops one file and waits until every record of it has been applied or refused. */
    private FileTiming deliver(Path source, String folder, String name, byte[] content)
            throws IOException, InterruptedException {
        Path dir = dropDir.resolve(folder);
        Files.createDirectories(dir);
        // Written under a hidden name and renamed, so the poller never sees half a file.
        Path hidden = dir.resolve("." + name + ".part");
        Files.write(hidden, content);
        Instant dropped = Instant.now();
        Files.move(hidden, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        String sourceRef = folder + "/" + name;
        Instant deadline = Instant.now().plus(FILE_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<FileTiming> done = jdbc.query("""
                    select record_count, stored_at, mapped_at, completed_at, status
                    from inbound_message where source_ref = ? and stored_at >= ?
                    order by id desc limit 1""",
                    (rs, n) -> "COMPLETE".equals(rs.getString(5))
                            ? new FileTiming(name, rs.getInt(1), dropped,
                                    rs.getTimestamp(2).toInstant(),
                                    rs.getTimestamp(3).toInstant(),
                                    rs.getTimestamp(4).toInstant())
                            : null,
                    sourceRef, java.sql.Timestamp.from(dropped.minusSeconds(1)));
            if (!done.isEmpty() && done.get(0) != null) {
                timings.add(done.get(0));
                return done.get(0);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("file " + sourceRef + " was not applied within "
                + FILE_TIMEOUT + (source == null ? "" : " (from " + source + ")"));
    }

    /** When a file was dropped, stored raw, mapped and fully applied. */
    record FileTiming(String name, int records, Instant dropped, Instant stored,
            Instant mapped, Instant completed) {
    }

    private void report(Instant started, long rows) {
        Duration total = Duration.between(started, Instant.now());
        long pickUp = timings.stream()
                .mapToLong(t -> Duration.between(t.dropped(), t.stored()).toMillis()).sum();
        long mapping = timings.stream()
                .mapToLong(t -> Duration.between(t.stored(), t.mapped()).toMillis()).sum();
        long applying = timings.stream()
                .mapToLong(t -> Duration.between(t.mapped(), t.completed()).toMillis()).sum();
        progress.printf("Replayed %d sales rows in %.1f s: %.0f rows/s%n", rows,
                total.toMillis() / 1000.0, rows * 1000.0 / Math.max(1, total.toMillis()));
        progress.printf("Time per stage: file pick-up %.1f s, store and map %.1f s,"
                + " apply %.1f s%n", pickUp / 1000.0, mapping / 1000.0, applying / 1000.0);
    }

    private static boolean holdsAnything(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
