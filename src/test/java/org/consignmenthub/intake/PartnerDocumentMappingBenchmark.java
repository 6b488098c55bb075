package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long reading and mapping takes for one file of 1,000 X12 810 invoices of five lines,
 * and for one TRADACOMS file of 1,000 orders of five lines, once warm. Not part of the test
 * run: {@code ./mvnw -B -ntp test -Dsurefire.excludedGroups=none
 * -Dtest=PartnerDocumentMappingBenchmark}.
 */
@Tag("benchmark")
class PartnerDocumentMappingBenchmark {

    private static final int DOCUMENTS = 1000;

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new X12RecordReader(), new TradacomsRecordReader()));

    @Test
    void invoicesAndOrders() {
        byte[] invoices = invoices().getBytes(StandardCharsets.US_ASCII);
        byte[] orders = orders().getBytes(StandardCharsets.US_ASCII);

        for (int round = 1; round <= 3; round++) {
            report("810 x " + DOCUMENTS, "x12", "transaction-sets", invoices, round);
            report("TRADACOMS ORDERS x " + DOCUMENTS, "tradacoms", "transmissions", orders,
                    round);
        }
    }

    private void report(String what, String channel, String type, byte[] payload, int round) {
        long start = System.nanoTime();
        List<MappedRecord> records = engine.map(new InboundMessage(1L, channel, "V2", type,
                "bench.edi", payload, Map.of("legalEntity", "US-RETAIL", "location", "L1")));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(records).hasSize(DOCUMENTS).allMatch(MappedRecord.Events.class::isInstance);
        System.out.printf("round %d: %s (%d bytes) read and mapped in %d ms%n", round, what,
                payload.length, millis);
    }

    private static String invoices() {
        StringBuilder file = new StringBuilder("ISA*00*          *00*          *ZZ*VENDOR2"
                + "        *ZZ*HUBRETAIL      *261210*0900*U*00401*000000601*0*P*>~"
                + "GS*IN*VENDOR2*HUBRETAIL*20261210*0900*601*X*004010~");
        for (int i = 1; i <= DOCUMENTS; i++) {
            file.append("ST*810*").append(String.format("%04d", i)).append("~BIG*20261210*INV-")
                    .append(i).append("*20261201*PO-").append(i).append("~");
            for (int line = 1; line <= 5; line++) {
                file.append("IT1*").append(line).append("*2*EA*1.25**VP*SKU-").append(line)
                        .append("~");
            }
            file.append("TDS*1250~CTT*5~SE*10*").append(String.format("%04d", i)).append("~");
        }
        return file.append("GE*").append(DOCUMENTS).append("*601~IEA*1*000000601~").toString();
    }

    private static String orders() {
        StringBuilder file = new StringBuilder("STX=ANA:1+5000000000000:STORES+5010000000000:HUB"
                + "+261210:0915+000042+PW+ORDHDR+B'MHD=1+ORDHDR:9'TYP=0430+NEW-ORDERS'MTR=3'");
        for (int i = 1; i <= DOCUMENTS; i++) {
            file.append("MHD=").append(i + 1).append("+ORDERS:9'ORD=PO-").append(i)
                    .append("::261210'");
            for (int line = 1; line <= 5; line++) {
                file.append("OLD=").append(line).append("+:SKU-").append(line)
                        .append("++++2+125'");
            }
            file.append("MTR=8'");
        }
        return file.append("MHD=").append(DOCUMENTS + 2).append("+ORDTLR:9'OFT=").append(DOCUMENTS)
                .append("'MTR=3'END=").append(DOCUMENTS + 2).append("'").toString();
    }
}
