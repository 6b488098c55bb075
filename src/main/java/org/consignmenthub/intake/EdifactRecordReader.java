package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xlate.edi.stream.EDIStreamConstants.Delimiters;
import io.xlate.edi.stream.EDIStreamConstants.Standards;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads UN/EDIFACT interchanges into one record per message (UNH to UNT), using StAEDI for
 * every delimiter, release character and envelope count. A file may hold several
 * interchanges, each announcing its own delimiters in its UNA.
 *
 * <p>The tree of one message, which a mapping navigates:
 * <pre>
 * {
 *   "interchange": {"syntax": "UNOB", "syntaxVersion": "2",
 *                   "sender": "8712345555555", "senderQualifier": "14",
 *                   "recipient": "8712345678906", "recipientQualifier": "14",
 *                   "date": "080401", "time": "0559", "controlRef": "76",
 *                   "testIndicator": null, "decimalMark": "."},
 *   "group": null,
 *   "messageRef": "1", "messageType": "SLSRPT", "version": "D", "release": "96A",
 *   "agency": "UN", "association": "EAN004",
 *   "segments": [
 *     {"tag": "BGM", "position": 2, "line": 4,
 *      "elements": [["73E"], ["20060801005"], ["9"]]},
 *     {"tag": "PRI", "position": 13, "line": 15, "elements": [["NTP", "27", "", "RTP"]]}
 *   ]
 * }
 * </pre>
 * {@code segments} lists every segment between UNH and UNT in order; {@code position}
 * counts from UNH as 1, the way UNT counts, and {@code line} is the physical line the
 * segment starts on, so a mapping can say where a bad value sits. {@code elements[i][j]}
 * (zero-based in JSONata) is component j+1 of data element i+1, with release characters
 * already removed: an empty element or component is {@code ""} and trailing elements the
 * sender left out are absent. Nothing is converted: numbers stay the text that was sent,
 * so prices keep their digits; {@code decimalMark} tells which mark the UNA announced.
 * {@code group} is {@code {"id", "controlRef"}} of the enclosing UNG, if any, and empty
 * header values are null.
 *
 * <p>Record reference: {@code <sourceRef>#<interchange control ref>/<message ref>}. The
 * raw record is the message's own text, UNH to UNT, exactly as it stood in the file.
 *
 * <p>A message is unreadable, with the segment named as the field and a reason naming
 * its line, when its UNT is missing or its count or reference disagrees, when the file
 * ends inside it, or when it uses what this reader does not support (repeated elements,
 * binary data). Envelope problems (missing UNZ, a UNZ count or reference that disagrees,
 * a segment outside any message) give one more unreadable record,
 * {@code <sourceRef>#<interchange control ref>}, whose raw text is the interchange so far.
 * Complete messages of such an interchange are still returned: each carries its own
 * count in UNT, and the mapping's event keys come from the message, so a partner's
 * resend of the whole interchange applies nothing twice. Once the parser has lost the
 * envelope structure (a UNH before the previous UNT, a UNB before the previous UNZ), the
 * later messages of that stretch are unreadable too, as their counts can no longer be
 * checked. A non-EDIFACT interchange is skipped as unreadable. Code-list and length
 * findings on envelope values are tolerated: they do not change how the message reads.
 *
 * <p>The payload is decoded as UTF-8, or as ISO-8859-1 when it is not valid UTF-8 (UNOC
 * partners), and StAEDI reads the bytes in that same charset; a leading byte-order mark is
 * passed over. Line breaks and other control characters are ignored wherever they stand,
 * which reads files hard-wrapped at a fixed width. Only the tree of the message being read
 * is under construction at any time.
 */
public final class EdifactRecordReader implements RecordReader {

    private static final Set<EDIStreamValidationError> ENVELOPE_MISMATCHES = Set.of(
            EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT,
            EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH,
            EDIStreamValidationError.REQUIRED_DATA_ELEMENT_MISSING);

    @Override
    public String format() {
        return "edifact";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        return parse(message.sourceRef(), message.payload()).records();
    }

    /** What a file held: its records in file order, and the interchanges they came in. */
    public record Reading(List<ReadRecord> records, List<InterchangeOutline> interchanges) {
    }

    /**
     * An interchange as a CONTRL needs it: its UNB values (as in the tree's
     * {@code interchange}), whether its envelope held, with the CONTRL syntax error code
     * when it did not, and its messages.
     */
    public record InterchangeOutline(JsonNode header, boolean sound, String errorCode,
            List<MessageOutline> messages) {
    }

    /**
     * A message as a CONTRL answers it: its UNH reference and identifier, and the CONTRL
     * syntax error code when it was unreadable (29 a count that disagrees, 28 a reference
     * that disagrees, 18 anything else); null when it was read.
     */
    public record MessageOutline(String messageRef, String messageType, String version,
            String release, String agency, String errorCode) {

        public boolean accepted() {
            return errorCode == null;
        }
    }

    public Reading parse(String sourceRef, byte[] payload) {
        EdiPayload decoded = EdiPayload.decode(payload);
        String text = decoded.text();
        if (text.isBlank()) {
            return new Reading(List.of(ReadRecord.unreadable(sourceRef, text, "file",
                    "the file is empty; an EDIFACT interchange (UNA or UNB) is expected")),
                    List.of());
        }
        Pass pass = new Pass(sourceRef, text);
        pass.drive(decoded);
        return new Reading(pass.records, pass.outlines);
    }

    /** What went wrong, as the field (a segment tag) and a sentence naming where. */
    private record Problem(String field, String reason) {
    }

    /** The segment being read, with what was found wrong in it so far. */
    private static final class Segment extends EdiSegment {
        String unsupported;
        Problem problem;
        String errorCode;

        Segment(String tag, int line) {
            super(tag, line);
        }
    }

    /** An interchange between its UNB and UNZ. */
    private static final class Interchange {
        final ObjectNode header;
        final String controlRef;
        final int start;
        final List<Problem> problems = new ArrayList<>();
        final List<MessageOutline> outlines = new ArrayList<>();
        String errorCode;
        int messages;

        Interchange(ObjectNode header, int start) {
            this.header = header;
            this.controlRef = header.path("controlRef").asText("");
            this.start = start;
        }
    }

    /** A message between its UNH and UNT. */
    private static final class Message {
        final ObjectNode tree;
        final ArrayNode segments;
        final String ref;
        final String messageRef;
        final int start;
        int count = 1;
        Problem problem;
        String errorCode;

        Message(ObjectNode tree, String ref, int start) {
            this.tree = tree;
            this.segments = tree.putArray("segments");
            this.ref = ref;
            this.messageRef = tree.path("messageRef").asText("");
            this.start = start;
        }
    }

    /** One reading of one payload; holds the parser state between events. */
    private static final class Pass extends EdiPass {

        private final List<ReadRecord> records = new ArrayList<>();
        private final List<InterchangeOutline> outlines = new ArrayList<>();
        private Interchange interchange;
        private Message message;
        private Segment segment;
        private ObjectNode group;
        private String decimalMark = ".";
        private String foreignStandard;
        private int foreignLine;
        private int foreignStart;
        private int lostAtLine;
        private int lastEnd;
        private boolean sawInterchange;

        Pass(String source, String text) {
            super(source, text);
        }

        @Override
        protected void on(EDIStreamEvent event) {
            if (event == EDIStreamEvent.START_INTERCHANGE) {
                startInterchange();
            } else if (event == EDIStreamEvent.END_INTERCHANGE) {
                closeForeign(lastEnd);
                lostAtLine = 0;
            } else if (foreignStandard != null) {
                if (event == EDIStreamEvent.END_SEGMENT) {
                    lastEnd = reader.getLocation().getCharacterOffset();
                }
            } else if (event == EDIStreamEvent.START_SEGMENT) {
                segment = new Segment(reader.getText(), reader.getLocation().getLineNumber());
            } else if (event == EDIStreamEvent.ELEMENT_DATA) {
                element(reader.getLocation(), reader.getText());
            } else if (event == EDIStreamEvent.ELEMENT_DATA_BINARY) {
                segment.unsupported = "binary data";
            } else if (event == EDIStreamEvent.END_SEGMENT) {
                endSegment(reader.getLocation().getCharacterOffset());
            } else if (event.isError()) {
                error(event);
            }
        }

        private void startInterchange() {
            sawInterchange = true;
            String standard = reader.getStandard();
            if (!Standards.EDIFACT.equals(standard)) {
                foreignStandard = standard;
                foreignLine = reader.getLocation().getLineNumber();
                foreignStart = lastEnd;
                return;
            }
            Character mark = reader.getDelimiters().get(Delimiters.DECIMAL);
            decimalMark = mark == null ? "." : String.valueOf(mark);
        }

        private void closeForeign(int end) {
            if (foreignStandard != null) {
                records.add(ReadRecord.unreadable(source, slice(foreignStart, end), "interchange",
                        "unsupported content: a " + foreignStandard + " interchange at line "
                                + foreignLine + "; this reader takes EDIFACT only"));
                foreignStandard = null;
            }
        }

        private void element(Location at, String value) {
            if (at.getElementOccurrence() > 1) {
                segment.unsupported = "a repeated data element (element "
                        + at.getElementPosition() + ")";
                return;
            }
            segment.add(at, value);
        }

        private void endSegment(int end) {
            switch (segment.tag) {
                case "UNA" -> {
                    // StAEDI reports no usable end offset for UNA; the UNB's end follows.
                    return;
                }
                case "UNB" -> startOfInterchange();
                case "UNG" -> {
                    group = groupOf(segment);
                    report();
                }
                case "UNE" -> {
                    group = null;
                    report();
                }
                case "UNH" -> startOfMessage();
                case "UNT" -> endOfMessage(end);
                case "UNZ" -> endOfInterchange(end);
                default -> bodySegment();
            }
            lastEnd = end;
        }

        private void startOfInterchange() {
            if (message != null) {
                messageProblem("UNT", "message " + message.messageRef + " has no UNT: UNB at line "
                        + segment.line + " starts the next interchange");
                closeMessage(lastEnd);
            }
            if (interchange != null) {
                interchange.problems.add(new Problem("UNZ", "interchange "
                        + interchange.controlRef + " has no UNZ: UNB at line " + segment.line
                        + " starts the next one"));
                closeInterchange(lastEnd);
            }
            group = null;
            interchange = new Interchange(headerOf(segment), lastEnd);
            report();
        }

        private ObjectNode headerOf(Segment unb) {
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            header.put("syntax", unb.value(0, 0));
            header.put("syntaxVersion", unb.value(0, 1));
            header.put("sender", unb.value(1, 0));
            header.put("senderQualifier", unb.value(1, 1));
            header.put("recipient", unb.value(2, 0));
            header.put("recipientQualifier", unb.value(2, 1));
            header.put("date", unb.value(3, 0));
            header.put("time", unb.value(3, 1));
            header.put("controlRef", unb.value(4, 0));
            header.put("testIndicator", unb.value(10, 0));
            header.put("decimalMark", decimalMark);
            return header;
        }

        private static ObjectNode groupOf(Segment ung) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("id", ung.value(0, 0));
            node.put("controlRef", ung.value(4, 0));
            return node;
        }

        private void startOfMessage() {
            if (message != null) {
                messageProblem("UNT", "message " + message.messageRef + " has no UNT: UNH at line "
                        + segment.line + " starts the next message");
                closeMessage(lastEnd);
            }
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.set("interchange", interchange == null ? null : interchange.header.deepCopy());
            tree.set("group", group == null ? null : group.deepCopy());
            tree.put("messageRef", segment.value(0, 0));
            tree.put("messageType", segment.value(1, 0));
            tree.put("version", segment.value(1, 1));
            tree.put("release", segment.value(1, 2));
            tree.put("agency", segment.value(1, 3));
            tree.put("association", segment.value(1, 4));
            String interchangeRef = interchange == null ? "" : interchange.controlRef;
            message = new Message(tree,
                    source + "#" + interchangeRef + "/" + tree.path("messageRef").asText(""),
                    lastEnd);
            if (lostAtLine > 0) {
                messageProblem("UNH", "message " + message.messageRef + " at line "
                        + segment.line + " cannot be checked: the envelope structure broke at line "
                        + lostAtLine);
            }
            report();
        }

        private void bodySegment() {
            if (message == null) {
                envelopeProblem(segment.tag, "segment " + segment.tag + " at line " + segment.line
                        + " is outside any message (UNH to UNT)");
                return;
            }
            message.count++;
            segment.appendTo(message.segments, message.count);
            report();
        }

        /** Hands what was found in the segment just read to its message, else its envelope. */
        private void report() {
            if (segment.problem != null) {
                if (message != null && message.problem == null) {
                    message.errorCode = segment.errorCode;
                } else if (message == null && interchange != null
                        && interchange.errorCode == null) {
                    interchange.errorCode = segment.errorCode;
                }
                problem(segment.problem.field(), segment.problem.reason());
            }
            if (segment.unsupported != null) {
                problem(segment.tag, "unsupported content: segment " + segment.tag
                        + " at line " + segment.line + " holds " + segment.unsupported);
            }
        }

        private void problem(String field, String reason) {
            if (message != null) {
                messageProblem(field, reason);
            } else {
                envelopeProblem(field, reason);
            }
        }

        private void endOfMessage(int end) {
            if (message == null) {
                envelopeProblem("UNT", "UNT at line " + segment.line + " closes no message");
                return;
            }
            message.count++;
            report();
            closeMessage(end);
            if (interchange != null) {
                interchange.messages++;
            }
        }

        private void endOfInterchange(int end) {
            if (message != null) {
                messageProblem("UNT", "message " + message.messageRef + " has no UNT: UNZ at line "
                        + segment.line + " ends the interchange");
                closeMessage(lastEnd);
            }
            if (interchange == null) {
                records.add(ReadRecord.unreadable(source, slice(lastEnd, end), "UNZ",
                        "UNZ at line " + segment.line + " closes no interchange"));
                return;
            }
            report();
            closeInterchange(end);
        }

        private void closeMessage(int end) {
            if (interchange != null) {
                JsonNode tree = message.tree;
                interchange.outlines.add(new MessageOutline(message.messageRef,
                        tree.path("messageType").asText(null), tree.path("version").asText(null),
                        tree.path("release").asText(null), tree.path("agency").asText(null),
                        message.problem == null ? null
                                : message.errorCode != null ? message.errorCode : "18"));
            }
            String raw = slice(message.start, end);
            records.add(message.problem == null
                    ? ReadRecord.of(message.ref, raw, message.tree)
                    : ReadRecord.unreadable(message.ref, raw, message.problem.field(),
                            message.problem.reason()));
            message = null;
        }

        private void closeInterchange(int end) {
            boolean sound = interchange.problems.isEmpty();
            outlines.add(new InterchangeOutline(interchange.header, sound,
                    sound ? null : interchange.errorCode != null ? interchange.errorCode : "18",
                    List.copyOf(interchange.outlines)));
            if (!interchange.problems.isEmpty()) {
                List<String> reasons = interchange.problems.stream().map(Problem::reason).toList();
                records.add(ReadRecord.unreadable(source + "#" + interchange.controlRef,
                        slice(interchange.start, end), interchange.problems.get(0).field(),
                        String.join("; ", reasons)));
            }
            interchange = null;
            group = null;
        }

        private void error(EDIStreamEvent event) {
            EDIStreamValidationError type = reader.getErrorType();
            Location at = reader.getLocation();
            String tag = at.getSegmentTag();
            if (event == EDIStreamEvent.SEGMENT_ERROR) {
                segmentError(type, reader.getText(), at);
            } else if (ENVELOPE_MISMATCHES.contains(type) && lostAtLine == 0
                    && segment != null) {
                // Kept on the segment: a UNH's own errors arrive before its message exists.
                String value = reader.hasText() ? reader.getText() : "";
                String reason = tag + " at line " + at.getLineNumber() + ", element "
                        + at.getElementPosition() + ": " + mismatch(type, tag, value);
                segment.problem = segment.problem == null ? new Problem(tag, reason)
                        : new Problem(tag, segment.problem.reason() + "; " + reason);
                if (segment.errorCode == null) {
                    segment.errorCode = type == EDIStreamValidationError
                            .CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT ? "29"
                            : type == EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH
                                    ? "28" : "18";
                }
            }
        }

        private void segmentError(EDIStreamValidationError type, String tag, Location at) {
            if (type == EDIStreamValidationError.SEGMENT_NOT_IN_DEFINED_TRANSACTION_SET) {
                // bodySegment() names a segment outside any message in its own words.
                return;
            }
            if (lostAtLine == 0) {
                lostAtLine = at.getLineNumber();
            }
            boolean trailerMissing = type == EDIStreamValidationError.MANDATORY_SEGMENT_MISSING
                    && ("UNT".equals(tag) || "UNZ".equals(tag));
            boolean headerTooEarly = type == EDIStreamValidationError.SEGMENT_EXCEEDS_MAXIMUM_USE
                    && ("UNH".equals(tag) || "UNB".equals(tag));
            if (trailerMissing || headerTooEarly) {
                // The UNH and UNB that follow say which trailer is missing, naming the message.
                return;
            }
            problem(tag, "segment " + tag + " near line " + at.getLineNumber() + ": "
                    + describe(type));
        }

        private String mismatch(EDIStreamValidationError type, String tag, String value) {
            boolean unt = "UNT".equals(tag) && message != null;
            return switch (type) {
                case CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT -> unt
                        ? "the segment count " + value + " does not match the "
                                + (message.count + 1) + " segments of message "
                                + message.messageRef
                        : "the count " + value + " does not match what it closes"
                                + (interchange == null ? ""
                                        : " (messages read: " + interchange.messages + ")");
                case CONTROL_REFERENCE_MISMATCH -> "the reference " + value
                        + " does not match " + (unt ? "UNH reference " + message.messageRef
                                : "the reference of the " + header(tag) + " it closes");
                default -> "a required data element is missing";
            };
        }

        private static String header(String trailer) {
            return switch (trailer) {
                case "UNZ" -> "UNB";
                case "UNE" -> "UNG";
                default -> "header";
            };
        }

        private static String describe(EDIStreamValidationError type) {
            return type.name().toLowerCase().replace('_', ' ');
        }

        private void messageProblem(String field, String reason) {
            if (message.problem == null) {
                message.problem = new Problem(field, reason);
            }
        }

        private void envelopeProblem(String field, String reason) {
            if (interchange != null) {
                interchange.problems.add(new Problem(field, reason));
            } else {
                records.add(ReadRecord.unreadable(source, "", field, reason));
            }
        }

        /** The normal end of input: whatever is still open lacks its trailer. */
        @Override
        protected void finish() {
            int end = text.length();
            if (message != null) {
                messageProblem("UNT", "message " + message.messageRef
                        + " has no UNT: the file ends first");
                closeMessage(end);
            }
            if (interchange != null) {
                interchange.problems.add(new Problem("UNZ", "interchange "
                        + interchange.controlRef + " has no UNZ: the file ends first"));
                closeInterchange(end);
            }
            if (!sawInterchange && records.isEmpty()) {
                records.add(ReadRecord.unreadable(source, text, "file",
                        "no EDIFACT interchange found"));
            }
        }

        /** The parser gave up: a truncated file or text that is not EDIFACT at all. */
        @Override
        protected void stopped(Exception e) {
            String field = stoppedIn(e, "file");
            String reason = EdiStreams.whyStopped(e);
            int end = text.length();
            closeForeign(end);
            if (message != null) {
                messageProblem(field, "message " + message.messageRef + " is incomplete; "
                        + reason);
                closeMessage(end);
                if (interchange != null && !interchange.problems.isEmpty()) {
                    closeInterchange(end);
                }
                return;
            }
            if (interchange != null) {
                interchange.problems.add(new Problem(field, "interchange "
                        + interchange.controlRef + " is incomplete, its UNZ was not reached; "
                        + reason));
                closeInterchange(end);
                return;
            }
            records.add(ReadRecord.unreadable(source, slice(lastEnd, end), field,
                    sawInterchange ? reason : "not an EDIFACT interchange; " + reason));
        }
    }
}
