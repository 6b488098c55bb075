package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The X12 reader on envelopes written for the purpose: field case B16 (ISA11 in a 4010
 * interchange is no repetition separator), delimiters per interchange, envelope checks,
 * and the 997 written from what was read.
 */
class X12RecordReaderTest {

    /** Field case B16 exactly as written: one line, no line breaks, a 106-character ISA. */
    static final String B16 = "ISA*00*          *00*          *ZZ*CHANNELX       *ZZ*HUBRETAIL"
            + "      *261204*1015*U*00401*000000101*0*P*>~"
            + "GS*PO*CHANNELX*HUBRETAIL*20261204*1015*101*X*004010~"
            + "ST*850*0001~"
            + "BEG*00*SA*PO-U-77**20261204~"
            + "PO1*1*4*EA*12.50**VP*A*UP*012345678905~"
            + "PID*F****BLUE^WHITE MUG UNBOXED~"
            + "CTT*1~"
            + "SE*6*0001~"
            + "GE*1*101~"
            + "IEA*1*000000101~";

    private static final Instant NOW = Instant.parse("2026-12-04T15:20:00Z");

    private final X12RecordReader reader = new X12RecordReader();
    private final FunctionalAcknowledgements acknowledgements = new FunctionalAcknowledgements();

    @Test
    void b16IsaElevenUInA4010InterchangeIsNoRepetitionSeparator() {
        assertThat(B16.substring(0, B16.indexOf('~') + 1)).hasSize(106);

        List<RecordReader.ReadRecord> records = read(B16);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r.unreadableReason()).isTrue();
            assertThat(r.recordRef()).isEqualTo("b16.edi#000000101/101/0001");
        });
        JsonNode set = records.get(0).tree();
        assertThat(set.path("interchange").path("sender").asText()).isEqualTo("CHANNELX");
        assertThat(set.path("interchange").path("standardsId").asText()).isEqualTo("U");
        JsonNode pid = segment(set, "PID");
        assertThat(pid.path("elements").get(4).size()).isEqualTo(1);
        assertThat(pid.path("elements").get(4).get(0).asText())
                .isEqualTo("BLUE^WHITE MUG UNBOXED");
        assertThat(pid.has("repeats")).isFalse();
        JsonNode po1 = segment(set, "PO1");
        assertThat(po1.path("elements").get(1).get(0).asText()).isEqualTo("4");
        assertThat(po1.path("elements").get(3).get(0).asText()).isEqualTo("12.50");
        assertThat(po1.path("elements").get(6).get(0).asText()).isEqualTo("A");
    }

    @Test
    void b16TheSameFileIn00501TakesCaretAsTheRepetitionSeparator() {
        String v5010 = B16.replace("*U*00401*", "*^*00501*").replace("*004010~", "*005010~");
        assertThat(v5010.substring(0, v5010.indexOf('~') + 1)).hasSize(106);

        List<RecordReader.ReadRecord> records = read(v5010);

        assertThat(records).singleElement().satisfies(r -> assertThat(r.readable()).isTrue());
        JsonNode pid = segment(records.get(0).tree(), "PID");
        assertThat(pid.path("elements").get(4).get(0).asText()).isEqualTo("BLUE");
        assertThat(pid.path("repeats").path("5").toString())
                .isEqualTo("[[\"BLUE\"],[\"WHITE MUG UNBOXED\"]]");
    }

    @Test
    void b16A997AcceptsGroup101() {
        X12RecordReader.Reading reading = reader.parse("b16.edi", bytes(B16));

        List<FunctionalAcknowledgements.Acknowledgement> acks = acknowledgements.acknowledge(
                reading, Set.of("846", "850", "852", "856"), 42, NOW);

        assertThat(acks).singleElement().satisfies(ack -> {
            assertThat(ack.groupStatus()).containsExactly("A");
            assertThat(ack.fileName()).isEqualTo("997_CHANNELX_000000101_000000421.x12");
            assertThat(ack.text().lines().toList()).containsExactly(
                    "ISA*00*          *00*          *ZZ*HUBRETAIL      *ZZ*CHANNELX       "
                            + "*261204*1520*U*00401*000000421*0*P*>~",
                    "GS*FA*HUBRETAIL*CHANNELX*20261204*1520*4211*X*004010~",
                    "ST*997*0001~",
                    "AK1*PO*101~",
                    "AK2*850*0001~",
                    "AK5*A~",
                    "AK9*A*1*1*1~",
                    "SE*6*0001~",
                    "GE*1*4211~",
                    "IEA*1*000000421~");
        });
        // What was written reads back as a sound 997 interchange.
        X12RecordReader.Reading back = reader.parse("997", acks.get(0).content());
        assertThat(back.records()).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r.unreadableReason()).isTrue();
            assertThat(r.tree().path("documentType").asText()).isEqualTo("997");
        });
    }

    @Test
    void aSetFailingItsSyntaxIsRejectedInThe997WithItsAk5Codes() {
        String file = isa("000000202", "*", ">", "~")
                + "GS*PO*CHANNELX*HUBRETAIL*20261204*1015*202*X*004010~"
                + "ST*850*0001~BEG*00*SA*PO-1**20261204~PO1*1*1*EA*1.00**VP*A~SE*9*0001~"
                + "ST*850*0002~BEG*00*SA*PO-2**20261204~PO1*1*1*EA*1.00**VP*A~SE*4*0002~"
                + "ST*850*0003~BEG*00*SA*PO-3**20261204~PO1*1*1*EA*1.00**VP*A~SE*4*0099~"
                + "ST*810*0004~BIG*20261204*INV-1~SE*3*0004~"
                + "GE*4*202~IEA*1*000000202~";
        X12RecordReader.Reading reading = reader.parse("mixed.edi", bytes(file));

        assertThat(reading.records()).extracting(RecordReader.ReadRecord::recordRef,
                RecordReader.ReadRecord::readable).containsExactly(
                tuple("mixed.edi#000000202/202/0001", false),
                tuple("mixed.edi#000000202/202/0002", true),
                tuple("mixed.edi#000000202/202/0003", false),
                tuple("mixed.edi#000000202/202/0004", true));
        assertThat(reading.records().get(0).unreadableReason()).isEqualTo("transaction set 850"
                + " 0001 of group 202: SE at line 1, element 1: the count 9 does not match the 4"
                + " segments of transaction set 0001");
        assertThat(reading.records().get(2).unreadableReason()).contains(
                "the control number 0099 does not match ST02 0003");

        String ack = acknowledgements.acknowledge(reading, Set.of("850"), 7, NOW).get(0).text();
        assertThat(ack).contains("AK2*850*0001~\nAK5*R*4~", "AK2*850*0002~\nAK5*A~",
                "AK2*850*0003~\nAK5*R*3~", "AK2*810*0004~\nAK5*R*1~", "AK9*P*4*4*1~");
    }

    @Test
    void eachInterchangeReadsWithItsOwnDelimiters() {
        String first = isa("000000001", "*", ">", "~")
                + "GS*IB*VENDOR2*HUBRETAIL*20261204*1015*1*X*004010~ST*846*0001~"
                + "BIA*00*DD*R-1*20261204~SE*3*0001~GE*1*1~IEA*1*000000001~";
        String second = isa("000000002", "|", "^", "\n")
                + "GS|IB|VENDOR2|HUBRETAIL|20261204|1015|2|X|004010\nST|846|0001\n"
                + "BIA|00|DD|R*2~X|20261204\nSE|3|0001\nGE|1|2\nIEA|1|000000002\n";

        List<RecordReader.ReadRecord> records = read(first + "\n" + second);

        assertThat(records).extracting(RecordReader.ReadRecord::recordRef).containsExactly(
                "b16.edi#000000001/1/0001", "b16.edi#000000002/2/0001");
        assertThat(records).allSatisfy(r -> assertThat(r.readable()).isTrue());
        // In the second interchange * and ~ are plain data.
        assertThat(segment(records.get(1).tree(), "BIA").path("elements").get(2).get(0)
                .asText()).isEqualTo("R*2~X");
    }

    @Test
    void aGroupWhoseTrailerDisagreesIsRejectedWhole() {
        String file = isa("000000005", "*", ">", "~")
                + "GS*PO*CHANNELX*HUBRETAIL*20261204*1015*5*X*004010~"
                + "ST*850*0001~BEG*00*SA*PO-1**20261204~SE*3*0001~"
                + "GE*2*6~IEA*1*000000005~";
        X12RecordReader.Reading reading = reader.parse("g.edi", bytes(file));

        assertThat(reading.records()).singleElement().satisfies(r -> {
            assertThat(r.readable()).isFalse();
            assertThat(r.recordRef()).isEqualTo("g.edi#000000005/5/0001");
            assertThat(r.unreadableReason()).startsWith("group 5 (GS at line 1) fails its"
                    + " envelope check: GE at line 1, element ");
        });
        String ack = acknowledgements.acknowledge(reading, Set.of("850"), 9, NOW).get(0).text();
        assertThat(ack).contains("AK5*R~").containsPattern("AK9\\*R\\*2\\*1\\*0\\*[45]~");
    }

    @Test
    void anInterchangeCutShortByTheNextIsaIsRefusedAndSoIsTheNext() {
        String cut = isa("000000007", "*", ">", "~")
                + "GS*IB*VENDOR2*HUBRETAIL*20261204*1015*7*X*004010~ST*846*0001~"
                + "BIA*00*DD*R-7*20261204~\n";
        String whole = isa("000000008", "*", ">", "~")
                + "GS*IB*VENDOR2*HUBRETAIL*20261204*1015*8*X*004010~ST*846*0001~"
                + "BIA*00*DD*R-8*20261204~SE*3*0001~GE*1*8~IEA*1*000000008~";

        X12RecordReader.Reading reading = reader.parse("cut.edi", bytes(cut + whole));

        assertThat(reading.records()).extracting(RecordReader.ReadRecord::recordRef,
                RecordReader.ReadRecord::readable).containsExactly(
                tuple("cut.edi#000000007/7/0001", false),
                tuple("cut.edi#000000008/8/0001", false));
        assertThat(reading.records().get(0).unreadableReason()).startsWith(
                "transaction set 846 0001 of group 7: transaction set 0001 has no SE: another"
                        + " ISA starts at line 2");
        // StAEDI reads the second ISA as part of the first interchange, so its envelope
        // cannot be checked: refused too, rather than applied unchecked.
        assertThat(reading.records().get(1).unreadableReason()).contains("interchange"
                + " 000000008 at line 2 cannot be checked: it starts inside interchange"
                + " 000000007, which has no IEA");
        assertThat(reading.interchanges()).extracting(X12RecordReader.Interchange::sound)
                .containsExactly(false, false);
    }

    private static String isa(String control, String element, String component,
            String terminator) {
        String header = String.join("*", "ISA", "00", "          ", "00", "          ", "ZZ",
                "VENDOR2        ", "ZZ", "HUBRETAIL      ", "261204", "1015", "U", "00401",
                control, "0", "P", component);
        return header.replace("*", element) + terminator;
    }

    private List<RecordReader.ReadRecord> read(String text) {
        return reader.parse("b16.edi", bytes(text)).records();
    }

    private static JsonNode segment(JsonNode set, String tag) {
        for (JsonNode segment : set.path("segments")) {
            if (tag.equals(segment.path("tag").asText())) {
                return segment;
            }
        }
        throw new AssertionError("no " + tag + " in " + set);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
