package org.consignmenthub.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus report on the real corpus and the real mappings: every file but the replay's
 * data set is listed, with the channel that claims it and known outcomes. A channel's own
 * {@code corpus.yaml} is all it takes for a new mapping to claim corpus files.
 */
class CorpusReportTest {

    private static List<CorpusReport.Line> lines;

    @BeforeAll
    static void reportOnTheCorpus() {
        lines = new CorpusReport(Path.of("mappings")).report(Corpus.dir());
    }

    @Test
    void everyFileOutsideTheRetailDataSetIsListedOnce() throws IOException {
        try (Stream<Path> files = Files.walk(Corpus.dir())) {
            List<String> expected = files.filter(Files::isRegularFile)
                    .map(p -> Corpus.dir().relativize(p))
                    .filter(p -> p.getNameCount() > 1)
                    .filter(p -> !p.startsWith("retail-dataset"))
                    .map(Path::toString).sorted().toList();

            assertThat(lines).extracting(CorpusReport.Line::file)
                    .containsExactlyElementsOf(expected);
        }
        assertThat(lines).extracting(CorpusReport.Line::file)
                .noneMatch(f -> f.startsWith("retail-dataset"));
    }

    @Test
    void anX12OrderBecomesOneOrderOfTheX12Channel() {
        CorpusReport.Line vics = line("x12/nodex12_850_vics_4010.edi");

        assertThat(vics.channel()).isEqualTo("x12");
        assertThat(vics.messageType()).isEqualTo("transaction-sets");
        assertThat(vics.eventsByKind()).isEqualTo(Map.of("OrderPlaced", 1));
        assertThat(vics.rejections()).isEmpty();
        assertThat(vics.outcome()).isEqualTo("1 events (1 OrderPlaced)");
    }

    @Test
    void theEdifactSalesReportGivesItsSalesAndReturnsAndRefusesItsTemplate() {
        CorpusReport.Line report = line(
                "edifact/bots_slsrpt_d96a_ean004_vendor_consignment_multistore_returns.edi");

        assertThat(report.channel()).isEqualTo("edifact-slsrpt");
        assertThat(report.eventsByKind()).isEqualTo(Map.of("SaleCompleted", 184,
                "ShipmentConfirmed", 184, "ReturnReceived", 12));
        assertThat(report.rejections()).singleElement().asString()
                .startsWith("#XXX/XXX PLACEHOLDER_REFERENCE ");
    }

    @Test
    void unreadableFilesAreRejectedWithPositionAndReason() {
        assertThat(line("x12/gozer_missing_isa_malformed.edi").rejections()).singleElement()
                .asString().startsWith("(whole file) UNREADABLE no ISA header");
        assertThat(line("x12/nodex12_850_two_isa_duplicate_control_numbers.edi"))
                .satisfies(file -> {
                    assertThat(file.eventsByKind()).isEqualTo(Map.of("OrderPlaced", 1));
                    assertThat(file.rejections()).singleElement().asString()
                            .startsWith("#000003438/1421/000000010 UNREADABLE");
                });
        assertThat(line("shopify/shopifydocs_2026-04_orders_create_webhook.json")
                .eventsByKind()).isEqualTo(Map.of("OrderPlaced", 1));
    }

    @Test
    void aFileNoChannelClaimsSaysSo() {
        CorpusReport.Line unclaimed = line("woocommerce/wcdocs_v3_reports_top_sellers.json");

        assertThat(unclaimed.channel()).isNull();
        assertThat(unclaimed.outcome()).isEqualTo(
                "no channel claims it (mappings/*/corpus.yaml)");
    }

    @Test
    void aNewChannelClaimsCorpusFilesWithItsOwnFolderAlone(@TempDir Path mappings)
            throws IOException {
        Path channel = Files.createDirectories(mappings.resolve("wholesale-portal"));
        Path fixture = Path.of("src/test/resources/fixtures/new-channel/wholesale-portal");
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.toList()) {
                Files.copy(file, channel.resolve(file.getFileName()));
            }
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new CorpusReport(mappings).print(Corpus.dir(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        // EAN,Quantity,Price: ten rows, each one level of vendor V1's.
        CorpusReport.Line feed = new CorpusReport(mappings).report(Corpus.dir()).stream()
                .filter(l -> l.file().endsWith("stedi_vendor_inventory_feed_ean_leading_zeros"
                        + ".csv")).findFirst().orElseThrow();
        assertThat(feed.channel()).isEqualTo("wholesale-portal");
        assertThat(feed.messageType()).isEqualTo("stock");
        assertThat(feed.eventsByKind()).containsOnlyKeys("VendorStockReported");
        assertThat(feed.events()).isEqualTo(10);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("other-channels/stedi_vendor_inventory_feed_ean_leading_zeros.csv")
                .containsPattern("leading_zeros.csv +wholesale-portal +stock +10 events")
                .contains("no channel claims it");
    }

    private static CorpusReport.Line line(String file) {
        return lines.stream().filter(l -> l.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not in the report"));
    }
}
