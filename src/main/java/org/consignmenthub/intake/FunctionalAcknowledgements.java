package org.consignmenthub.intake;

import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamConstants.Delimiters;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the X12 997 functional acknowledgements for a received file, with StAEDI's writer:
 * one interchange back per interchange received, holding one 997 per functional group, in
 * the delimiters and ISA version the partner used.
 *
 * <p>A 997 answers the syntax of what arrived: each transaction set is accepted
 * ({@code AK5*A}) or rejected with its codes ({@code AK5*R*4} for a wrong segment count,
 * {@code 3} for a trailer whose control number differs, {@code 2} for a missing trailer,
 * {@code 1} for a set this channel has no mapping for); the group is accepted
 * ({@code AK9*A}), partly accepted ({@code P}) or rejected ({@code R}, with {@code 4} or
 * {@code 5} when its own GE disagrees). Whether the documents' contents are then applied
 * is the business's answer, not the 997's. An interchange whose IEA fails its check gets
 * no 997: that is a TA1's matter, which this hub does not send.
 *
 * <p>The interchange control number of a 997 is {@code number}, given by the caller, plus
 * the position of the interchange answered in its file, modulo 10^9.
 */
public final class FunctionalAcknowledgements {

    private static final DateTimeFormatter ISA_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter GS_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

    /** One 997 interchange: its file name and content, and what it says per group. */
    public record Acknowledgement(String fileName, byte[] content, List<String> groupStatus) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /**
     * The acknowledgements of one reading. {@code mapped} are the transaction sets the
     * channel maps; others are acknowledged as not supported.
     */
    public List<Acknowledgement> acknowledge(X12RecordReader.Reading reading, Set<String> mapped,
            long number, Instant now) {
        List<Acknowledgement> out = new ArrayList<>();
        int position = 0;
        for (X12RecordReader.Interchange received : reading.interchanges()) {
            position++;
            if (!received.sound() || received.groups().isEmpty()) {
                continue;
            }
            String control = String.format("%09d", (number * 10 + position) % 1_000_000_000L);
            out.add(write(received, mapped, control, now));
        }
        return out;
    }

    private Acknowledgement write(X12RecordReader.Interchange received, Set<String> mapped,
            String control, Instant now) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> statuses = new ArrayList<>();
        try {
            EDIStreamWriter writer = factory(received.delimiters())
                    .createEDIStreamWriter(bytes, "UTF-8");
            writer.startInterchange();
            header(writer, received, control, now);
            int groupNumber = 0;
            for (X12RecordReader.Group group : received.groups()) {
                groupNumber++;
                String groupControl = String.valueOf(Long.parseLong(control) % 100_000_000L
                        * 10 + groupNumber);
                statuses.add(group(writer, received, group, mapped, groupControl, now));
            }
            writer.writeStartSegment("IEA").writeElement(String.valueOf(groupNumber))
                    .writeElement(control).writeEndSegment();
            writer.endInterchange();
            writer.close();
        } catch (EDIStreamException e) {
            throw new IllegalStateException("cannot write the 997 for interchange "
                    + received.text("controlNumber") + ": " + e.getMessage(), e);
        }
        String name = "997_" + received.text("sender").replaceAll("[^A-Za-z0-9]", "_") + "_"
                + received.text("controlNumber") + "_" + control + ".x12";
        return new Acknowledgement(name, bytes.toByteArray(), List.copyOf(statuses));
    }

    private static EDIOutputFactory factory(Map<String, Character> delimiters) {
        EDIOutputFactory factory = EDIOutputFactory.newFactory();
        factory.setProperty(Delimiters.SEGMENT, delimiters.getOrDefault(Delimiters.SEGMENT, '~'));
        factory.setProperty(Delimiters.DATA_ELEMENT,
                delimiters.getOrDefault(Delimiters.DATA_ELEMENT, '*'));
        factory.setProperty(Delimiters.COMPONENT_ELEMENT,
                delimiters.getOrDefault(Delimiters.COMPONENT_ELEMENT, '>'));
        Character repetition = delimiters.get(Delimiters.REPETITION);
        if (repetition != null) {
            factory.setProperty(Delimiters.REPETITION, repetition);
        }
        // One segment a line: partners read these by eye when a delivery is disputed.
        factory.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
        return factory;
    }

    /** The ISA and GS answer the partner: sender and receiver change places. */
    private static void header(EDIStreamWriter writer, X12RecordReader.Interchange received,
            String control, Instant now) throws EDIStreamException {
        var utc = now.atZone(ZoneOffset.UTC);
        String version = received.text("version");
        Character repetition = received.delimiters().get(Delimiters.REPETITION);
        String isa11 = repetition != null ? String.valueOf(repetition) : "U";
        Character component = received.delimiters().getOrDefault(Delimiters.COMPONENT_ELEMENT,
                '>');
        writer.writeStartSegment("ISA");
        for (String element : List.of("00", " ".repeat(10), "00", " ".repeat(10),
                received.text("receiverQualifier"), pad(received.text("receiver"), 15),
                received.text("senderQualifier"), pad(received.text("sender"), 15),
                utc.format(ISA_DATE), utc.format(TIME), isa11, version, control, "0",
                received.text("usage").isEmpty() ? "P" : received.text("usage"),
                String.valueOf(component))) {
            writer.writeElement(element);
        }
        writer.writeEndSegment();
    }

    /** One group's 997; returns the AK9 status written. */
    private static String group(EDIStreamWriter writer, X12RecordReader.Interchange received,
            X12RecordReader.Group group, Set<String> mapped, String groupControl, Instant now)
            throws EDIStreamException {
        var utc = now.atZone(ZoneOffset.UTC);
        writer.writeStartSegment("GS").writeElement("FA").writeElement(group.text("receiver"))
                .writeElement(group.text("sender")).writeElement(utc.format(GS_DATE))
                .writeElement(utc.format(TIME)).writeElement(groupControl)
                .writeElement("X").writeElement(group.text("version")).writeEndSegment();
        writer.writeStartSegment("ST").writeElement("997").writeElement("0001")
                .writeEndSegment();
        writer.writeStartSegment("AK1").writeElement(group.text("functionalId"))
                .writeElement(group.text("controlNumber")).writeEndSegment();
        int segments = 2;
        int accepted = 0;
        for (X12RecordReader.TransactionSet set : group.sets()) {
            List<String> codes = codes(set, mapped);
            // A set of a group whose trailer failed is not applied, so it is not accepted;
            // its own syntax was sound, so it carries no code of its own.
            boolean accept = codes.isEmpty() && group.errorCode() == null;
            writer.writeStartSegment("AK2").writeElement(set.documentType())
                    .writeElement(set.controlNumber()).writeEndSegment();
            writer.writeStartSegment("AK5").writeElement(accept ? "A" : "R");
            for (String code : codes) {
                writer.writeElement(code);
            }
            writer.writeEndSegment();
            segments += 2;
            accepted += accept ? 1 : 0;
        }
        String status = group.errorCode() != null || accepted == 0 ? "R"
                : accepted < group.sets().size() ? "P" : "A";
        int declared = group.declaredSets() >= 0 ? group.declaredSets() : group.sets().size();
        writer.writeStartSegment("AK9").writeElement(status)
                .writeElement(String.valueOf(declared))
                .writeElement(String.valueOf(group.sets().size()))
                .writeElement(String.valueOf(accepted));
        if (group.errorCode() != null) {
            writer.writeElement(group.errorCode());
        }
        writer.writeEndSegment();
        segments += 2;
        writer.writeStartSegment("SE").writeElement(String.valueOf(segments))
                .writeElement("0001").writeEndSegment();
        writer.writeStartSegment("GE").writeElement("1").writeElement(groupControl)
                .writeEndSegment();
        return status;
    }

    /** A set's AK5 codes, at most the five an AK5 holds; none when it is accepted. */
    private static List<String> codes(X12RecordReader.TransactionSet set, Set<String> mapped) {
        List<String> codes = new ArrayList<>(set.errorCodes());
        if (!mapped.isEmpty() && !mapped.contains(set.documentType()) && !codes.contains("1")) {
            codes.add(0, "1");
        }
        return codes.stream().limit(5).toList();
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }
}
