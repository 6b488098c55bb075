package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.cases.CaseEvents.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.intake.EdifactRecordReader;
import org.consignmenthub.intake.InboundMessage;
import org.consignmenthub.intake.MappingDescriptor;
import org.consignmenthub.intake.RecordReader;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;

/**
 * Field case B18: only an odd run of release characters releases the next character, so a
 * text ending in an escaped {@code ?} right before the terminator ends its segment there.
 * The order of the case, dropped into the sales channel's folder, places one line A x 3.
 */
class EdifactReleaseCharacterTest extends HubIntegrationTest {

    private static final Path B18 = Path.of("mappings/edifact-orders/examples/b18-order.edi");
    private static final MappingDescriptor ORDERS = new MappingDescriptor("edifact-orders",
            "order", "edifact", null, Map.of());

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private final EdifactRecordReader reader = new EdifactRecordReader();

    @Test
    void b18FreeTextEndsInAQuestionMarkAndLinIsItsOwnSegment() throws IOException {
        List<RecordReader.ReadRecord> records = read(Files.readString(B18));

        // UNT+9 validates: the FTX did not swallow the LIN after it.
        assertThat(records).singleElement().satisfies(r -> assertThat(r.readable())
                .as(r.unreadableReason()).isTrue());
        JsonNode segments = records.get(0).tree().path("segments");
        assertThat(segments).extracting(s -> s.path("tag").asText()).containsExactly(
                "BGM", "DTM", "FTX", "LIN", "IMD", "QTY", "UNS");
        assertThat(segment(segments, "FTX").path("elements").get(3).get(0).asText())
                .isEqualTo("GIFT NOTE ?");
        assertThat(segment(segments, "IMD").path("elements").get(2).get(3).asText())
                .isEqualTo("MUG 50 PCT OFF: BLUE'S");
        assertThat(segment(segments, "LIN").path("elements").get(2).get(0).asText())
                .isEqualTo("A");
    }

    @ParameterizedTest(name = "FTX ending {0}")
    @CsvSource(delimiter = '|', value = {
        "??'|GIFT NOTE ?",
        "????'|GIFT NOTE ??"})
    void b18AnEvenRunOfReleaseCharactersEndsTheSegment(String ending, String text)
            throws IOException {
        List<RecordReader.ReadRecord> records = read(Files.readString(B18)
                .replace("GIFT NOTE ??'", "GIFT NOTE " + ending));

        assertThat(records).singleElement().satisfies(r -> assertThat(r.readable()).isTrue());
        assertThat(segment(records.get(0).tree().path("segments"), "FTX").path("elements")
                .get(3).get(0).asText()).isEqualTo(text);
    }

    @Test
    void b18AnOddRunReleasesTheApostropheSoTheTextRunsOn() throws IOException {
        String message = Files.readString(B18).replace("GIFT NOTE ??'", "GIFT NOTE ???'");

        List<RecordReader.ReadRecord> records = read(message);

        // The text now holds ?' and runs into the LIN line, so the message counts 8 segments
        // where UNT says 9, and it is refused whole rather than read with a lost line.
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).isFalse();
            assertThat(r.unreadableReason()).isEqualTo("UNT at line 11, element 1: the segment"
                    + " count 9 does not match the 8 segments of message 1");
        });
    }

    @Test
    void b18OrderDroppedByTheChannelPlacesOneLineOfThreeA() throws IOException {
        books.apply(receipt("E-B18-0", "V1", "A", "L1", 5));
        Path folder = dropFolder.resolve("edifact-orders/CHANNELY");
        Files.createDirectories(folder);
        Path aside = Files.copy(B18, folder.resolve(".ORDERS_B18.edi"));
        Files.move(aside, folder.resolve("ORDERS_B18.edi"));

        new InboundMessages(books.jdbc()).awaitFile("edifact-orders", "CHANNELY",
                "ORDERS_B18.edi");

        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(3));
        assertThat(books.jdbc().queryForList("select order_ref, line_ref, sku, quantity"
                + " from order_line")).containsExactly(Map.of("order_ref", "PO-E-55",
                        "line_ref", "1", "sku", "A", "quantity", 3L));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(2);
        assertThat(books.deadLetters()).isEmpty();
    }

    private List<RecordReader.ReadRecord> read(String text) {
        return reader.read(new InboundMessage(1L, "edifact-orders", "CHANNELY", "order",
                "b18.edi", text.getBytes(StandardCharsets.UTF_8), Map.of()), ORDERS);
    }

    private static JsonNode segment(JsonNode segments, String tag) {
        for (JsonNode segment : segments) {
            if (tag.equals(segment.path("tag").asText())) {
                return segment;
            }
        }
        throw new AssertionError("no " + tag + " in " + segments);
    }
}
