package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * CONTRL syntax reports for EDIFACT interchanges: what each says of the interchange and of
 * each message, and that each is itself a sound EDIFACT interchange.
 */
class SyntaxAcknowledgementsTest {

    private static final Instant NOW = Instant.parse("2026-12-10T09:30:00Z");

    private final EdifactRecordReader reader = new EdifactRecordReader();
    private final SyntaxAcknowledgements reports = new SyntaxAcknowledgements();

    @Test
    void soundInterchangeIsAcknowledgedWithEachMessage() {
        String name = "staedi_invoic_d97b_custom_una.edi";
        List<SyntaxAcknowledgements.Report> out = reports.acknowledge(
                reader.parse(name, Corpus.bytes("edifact/" + name)), 42, NOW);

        assertThat(out).singleElement().satisfies(report -> {
            assertThat(report.interchangeAction()).isEqualTo("7");
            assertThat(report.fileName())
                    .isEqualTo("CONTRL_005435656_00000000000778_421.edi");
            // Sender and recipient change places (006?415160 is 006415160, ? releasing a 4),
            // written in the standard separators.
            assertThat(text(report)).contains("UNB+UNOA:3+006415160:1+005435656:1+261210:0930"
                            + "+421'", "UNH+1+CONTRL:D:3:UN'",
                    "UCI+00000000000778+005435656:1+006415160:1+7'",
                    "UCM+00000000000117+INVOIC:D:97B:UN+7'", "UNT+4+1'", "UNZ+1+421'");
            assertReadsAsOneSoundControlMessage(report);
        });
    }

    /** The UNT of message 1 counts 14 segments of 23: the message is rejected, code 29. */
    @Test
    void messageWhoseCountDisagreesIsRejectedWithCode29() {
        String name = "phpedifact_paores_release_char_cases_unsupported_type.edi";
        List<SyntaxAcknowledgements.Report> out = reports.acknowledge(
                reader.parse(name, Corpus.bytes("edifact/" + name)), 7, NOW);

        assertThat(out).singleElement().satisfies(report -> {
            assertThat(report.interchangeAction()).isEqualTo("7");
            assertThat(text(report)).contains("UCI+1+6XPPC+LHPPC+7'",
                    "UCM+1+PAORES:93:1:IA+4+29'");
            assertReadsAsOneSoundControlMessage(report);
        });
    }

    @Test
    void interchangeWhoseTrailerDisagreesIsRejected() {
        String file = "UNA:+.? 'UNB+UNOC:3+V2:14+HUB:14+261209:0700+D9'"
                + "UNH+1+DESADV:D:96A:UN'BGM+351+DES-9+9'UNT+3+1'"
                + "UNH+2+DESADV:D:96A:UN'BGM+351+DES-10+9'UNT+3+2'UNZ+5+D9'";

        List<SyntaxAcknowledgements.Report> out = reports.acknowledge(
                reader.parse("f.edi", file.getBytes(StandardCharsets.UTF_8)), 3, NOW);

        assertThat(out).singleElement().satisfies(report -> {
            assertThat(report.interchangeAction()).isEqualTo("4");
            assertThat(text(report)).contains("UCI+D9+V2:14+HUB:14+4+29'",
                    "UCM+1+DESADV:D:96A:UN+7'", "UCM+2+DESADV:D:96A:UN+7'", "UNT+5+1'");
            assertReadsAsOneSoundControlMessage(report);
        });
    }

    private void assertReadsAsOneSoundControlMessage(SyntaxAcknowledgements.Report report) {
        List<RecordReader.ReadRecord> records = reader.read(new InboundMessage(1L, "edifact",
                "HUB", "contrl", report.fileName(), report.content(), Map.of()), null);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r.unreadableReason()).isTrue();
            assertThat(r.tree().path("messageType").asText()).isEqualTo("CONTRL");
        });
    }

    private static String text(SyntaxAcknowledgements.Report report) {
        return new String(report.content(), StandardCharsets.UTF_8).replace("\n", "");
    }
}
