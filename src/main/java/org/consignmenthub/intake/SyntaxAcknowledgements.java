package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes EDIFACT CONTRL syntax and service reports for a received file, with StAEDI's
 * writer: one interchange back per interchange received, sender and recipient swapped, in
 * the syntax level the partner used (UNOA, UNOB, UNOC...), with the standard separators.
 *
 * <p>The UCI answers the interchange: 7 (acknowledged) when its envelope held, else 4
 * (rejected) with its syntax error code (29 a UNZ count that disagrees, 28 a reference that
 * disagrees, 18 anything else). One UCM per message answers it the same way: 7, or 4 with
 * the code of what was wrong with it. Like a 997, a CONTRL answers syntax: a message refused
 * later for its content (an unknown article) was received, and its refusal is in the
 * dead-letter store.
 *
 * <p>The interchange control reference of a CONTRL is {@code number}, given by the caller,
 * times ten plus the position of the interchange answered in its file, modulo 10^9.
 */
public final class SyntaxAcknowledgements {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

    /** One CONTRL interchange: its file name and content, and its UCI action code. */
    public record Report(String fileName, byte[] content, String interchangeAction) {
    }

    public List<Report> acknowledge(EdifactRecordReader.Reading reading, long number,
            Instant now) {
        List<Report> out = new ArrayList<>();
        int position = 0;
        for (EdifactRecordReader.InterchangeOutline received : reading.interchanges()) {
            position++;
            String control = String.valueOf((number * 10 + position) % 1_000_000_000L);
            out.add(write(received, control, now));
        }
        return out;
    }

    private Report write(EdifactRecordReader.InterchangeOutline received, String control,
            Instant now) {
        JsonNode header = received.header();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String action = received.sound() ? "7" : "4";
        try {
            EDIOutputFactory factory = EDIOutputFactory.newFactory();
            // One segment a line: partners read these by eye when a delivery is disputed.
            factory.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
            EDIStreamWriter writer = factory.createEDIStreamWriter(bytes, "UTF-8");
            writer.startInterchange();
            envelope(writer, header, control, now);
            int segments = report(writer, received, action);
            writer.writeStartSegment("UNT").writeElement(String.valueOf(segments + 1))
                    .writeElement("1").writeEndSegment();
            writer.writeStartSegment("UNZ").writeElement("1").writeElement(control)
                    .writeEndSegment();
            writer.endInterchange();
            writer.close();
        } catch (EDIStreamException e) {
            throw new IllegalStateException("cannot write the CONTRL for interchange "
                    + text(header, "controlRef") + ": " + e.getMessage(), e);
        }
        String name = "CONTRL_" + text(header, "sender").replaceAll("[^A-Za-z0-9]", "_") + "_"
                + text(header, "controlRef").replaceAll("[^A-Za-z0-9]", "_") + "_" + control
                + ".edi";
        return new Report(name, bytes.toByteArray(), action);
    }

    /** UNB and UNH: the recipient answers the sender, at the sender's syntax level. */
    private static void envelope(EDIStreamWriter writer, JsonNode header, String control,
            Instant now) throws EDIStreamException {
        var utc = now.atZone(ZoneOffset.UTC);
        writer.writeStartSegment("UNB");
        composite(writer, text(header, "syntax"), text(header, "syntaxVersion"));
        composite(writer, text(header, "recipient"), text(header, "recipientQualifier"));
        composite(writer, text(header, "sender"), text(header, "senderQualifier"));
        composite(writer, utc.format(DATE), utc.format(TIME));
        writer.writeElement(control);
        writer.writeEndSegment();
        writer.writeStartSegment("UNH").writeElement("1");
        composite(writer, "CONTRL", "D", "3", "UN");
        writer.writeEndSegment();
    }

    /** UCI and the UCMs; returns the segments written from UNH on. */
    private static int report(EDIStreamWriter writer,
            EdifactRecordReader.InterchangeOutline received, String action)
            throws EDIStreamException {
        JsonNode header = received.header();
        writer.writeStartSegment("UCI").writeElement(text(header, "controlRef"));
        composite(writer, text(header, "sender"), text(header, "senderQualifier"));
        composite(writer, text(header, "recipient"), text(header, "recipientQualifier"));
        writer.writeElement(action);
        if (received.errorCode() != null) {
            writer.writeElement(received.errorCode());
        }
        writer.writeEndSegment();
        int segments = 2;
        for (EdifactRecordReader.MessageOutline message : received.messages()) {
            writer.writeStartSegment("UCM").writeElement(nonNull(message.messageRef()));
            composite(writer, nonNull(message.messageType()), nonNull(message.version()),
                    nonNull(message.release()), nonNull(message.agency()));
            writer.writeElement(message.accepted() ? "7" : "4");
            if (!message.accepted()) {
                writer.writeElement(message.errorCode());
            }
            writer.writeEndSegment();
            segments++;
        }
        return segments;
    }

    /** A composite element; empty trailing components are left out. */
    private static void composite(EDIStreamWriter writer, String... components)
            throws EDIStreamException {
        int last = components.length;
        while (last > 1 && components[last - 1].isEmpty()) {
            last--;
        }
        writer.writeStartElement();
        for (int i = 0; i < last; i++) {
            writer.writeComponent(components[i]);
        }
        writer.endElement();
    }

    private static String text(JsonNode header, String field) {
        JsonNode value = header == null ? null : header.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
