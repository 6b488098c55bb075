package org.consignmenthub.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        // An order webhook places the order and records the revision it was sent at.
        assertThat(line("shopify/shopifydocs_2026-04_orders_create_webhook.json")
                .eventsByKind()).isEqualTo(Map.of("OrderPlaced", 1, "OrderRevised", 1));
    }

    @Test
    void aFileNoChannelClaimsSaysSo(@TempDir Path noChannels) {
        CorpusReport.Line unclaimed = new CorpusReport(noChannels).report(Corpus.dir())
                .stream().filter(l -> l.file().equals(
                        "other-channels/bigcommerce_v2_get_order_example.json"))
                .findFirst().orElseThrow();

        assertThat(unclaimed.channel()).isNull();
        assertThat(unclaimed.outcome()).isEqualTo(
                "no channel claims it (mappings/*/corpus.yaml)");
    }

    /** Every corpus payload is read by the channel that claims it. */
    @Test
    void everyFileIsClaimedByAChannel() {
        List<String> unclaimed = lines.stream().filter(l -> l.channel() == null)
                .map(CorpusReport.Line::file).toList();

        assertThat(unclaimed).isEmpty();
        assertThat(lines).hasSize(61);
        assertThat(line("amazon/spapi_vendorDF_submitInventoryUpdate_request.json")
                .eventsByKind()).isEqualTo(Map.of("VendorStockReported", 3));
        assertThat(line("other-channels/bigcommerce_v2_order_shipments_example.json")
                .rejections()).singleElement().asString().contains(" SKU_NOT_NAMED ");
    }

    @Test
    void theNewChannelsReadTheirFilesWithTheHubsOwnReaders() {
        CorpusReport.Line tradacoms = line("other-channels/staedi_tradacoms_order.edi");
        assertThat(tradacoms.channel()).isEqualTo("tradacoms");
        assertThat(tradacoms.outcome()).isEqualTo("1 events (1 OrderPlaced)");

        assertThat(line("edifact/staedi_invoic_d97b_custom_una.edi")).satisfies(invoice -> {
            assertThat(invoice.channel()).isEqualTo("edifact-invoic");
            assertThat(invoice.eventsByKind()).isEqualTo(Map.of("VendorInvoiceReceived", 1));
        });
        assertThat(line("edifact/phpedifact_desadv_d96a_unoc_utf8.edi").rejections())
                .singleElement().asString().startsWith("#1/142 UNSUPPORTED_FUNCTION");
        assertThat(line("x12/nodex12_855_book_po_ack.edi").eventsByKind())
                .isEqualTo(Map.of("OrderAcknowledged", 1));
        assertThat(line("x12/bots_810_vics_canada_gst_crlf.x12").eventsByKind())
                .isEqualTo(Map.of("VendorInvoiceReceived", 2));
        assertThat(line("woocommerce/wcdocs_v3_order_refunds_list.json")).satisfies(refunds -> {
            assertThat(refunds.messageType()).isEqualTo("refunds");
            assertThat(refunds.skips()).containsExactly("#[0] NO_GOODS_RETURNED");
            assertThat(refunds.rejections()).singleElement().asString()
                    .startsWith("#[1] MISSING_FIELD refund line 314 (Woo Album #2)");
        });
        assertThat(line("shopify/shopifydocs_2026-04_fulfillment_orders_split_webhook.json")
                .messageType()).isEqualTo("fulfillment_orders-split");
    }

    /**
     * The report reads each file as the channel's own corpus test does: the same events by
     * kind, the same rejections by reason and the same skips as its golden file.
     */
    @Test
    void theReportAgreesWithEveryChannelsCorpusGoldens() throws IOException {
        Map<String, List<String>> goldenFolders = Map.of("edifact", List.of("edifact"),
                "x12", List.of("x12"), "woocommerce", List.of("woocommerce"),
                "shopify", List.of("shopify/corpus"), "amazon", List.of("amazon"),
                "other-channels", List.of("tradacoms", "bigcommerce"));
        int compared = 0;
        for (CorpusReport.Line line : lines) {
            Path file = Path.of(line.file());
            Path golden = goldenFolders.getOrDefault(file.getName(0).toString(), List.of())
                    .stream().flatMap(folder -> Stream.of(
                            Path.of("src/test/resources/golden", folder,
                                    file.getFileName() + ".json"),
                            Path.of("src/test/resources/golden", folder,
                                    file.getFileName().toString())))
                    .filter(Files::isRegularFile).findFirst().orElse(null);
            if (golden == null) {
                continue;
            }
            compared++;
            Map<String, Integer> kinds = new TreeMap<>();
            List<String> reasons = new ArrayList<>();
            int skips = 0;
            for (JsonNode record : new ObjectMapper().readTree(golden.toFile())) {
                record.path("events").forEach(e -> kinds.merge(e.path("type").asText(), 1,
                        Integer::sum));
                if (record.has("rejected")) {
                    reasons.add(record.path("rejected").path("reasonCode").asText());
                }
                skips += record.has("skipped") ? 1 : 0;
            }

            assertThat(line.eventsByKind()).as(line.file()).isEqualTo(kinds);
            assertThat(line.skips()).as(line.file()).hasSize(skips);
            assertThat(line.rejections()).as(line.file()).hasSameSizeAs(reasons);
            for (int i = 0; i < reasons.size(); i++) {
                assertThat(line.rejections().get(i)).as(line.file())
                        .contains(" " + reasons.get(i) + " ");
            }
        }
        assertThat(compared).isEqualTo(59);
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
