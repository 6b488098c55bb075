package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xlate.edi.stream.EDIStreamConstants.Standards;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamValidationError;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads UK TRADACOMS transmissions (STX to END) into one record per detail message (MHD to
 * MTR), using StAEDI, which knows the TRADACOMS syntax: the {@code =} after each tag,
 * {@code +} between data elements, {@code :} between components, {@code '} ending a
 * segment and {@code ?} releasing any of them, so {@code NEW?+ORDERS} reads as
 * {@code NEW+ORDERS}; and it counts each message's segments against its MTR and the
 * transmission's messages against its END.
 *
 * <p>A TRADACOMS file is a header message (ORDHDR, PPRHDR...), detail messages (ORDERS,
 * PPRDET...) and a trailer message (ORDTLR, PPRTLR...). Each detail message is a record
 * and carries the transmission header and its file's header message, which hold what the
 * details share (the transaction type TYP, supplier SDT, customer CDT, file FIL):
 * <pre>
 * {
 *   "transmission": {"sender": "5000000000000", "senderName": "SOME STORES LTD",
 *                    "receiver": "5010000000000", "receiverName": "SUPPLIER UK LTD",
 *                    "date": "070315", "time": "130233", "reference": "000007",
 *                    "applicationReference": "ORDHDR", "priority": "B"},
 *   "header": {"messageRef": "1", "messageType": "ORDHDR", "segments": [...]},
 *   "messageRef": "2", "messageType": "ORDERS", "version": "9", "documentType": "ORDERS",
 *   "segments": [{"tag": "ORD", "position": 3, "line": 10,
 *                 "elements": [["70970", "", "070315"]]}]
 * }
 * </pre>
 * Segments are those between MHD and MTR, {@code position} counting from MHD as 1, the way
 * MTR counts, and {@code line} the physical line; {@code elements[i][j]} is component j+1
 * of element i+1, release characters removed.
 *
 * <p>Record reference: {@code <sourceRef>#<STX05>/<MHD01>}; the raw record is the message's
 * text. A message is unreadable when its MTR count disagrees or it has no MTR, and every
 * detail message is when the file's header message is. A transmission whose END count
 * disagrees, or that has no END, gives one more unreadable record,
 * {@code <sourceRef>#<STX05>}. A file that is not TRADACOMS (no STX first) is unreadable
 * whole. A leading byte-order mark, line breaks and indentation are passed over.
 */
public final class TradacomsRecordReader implements RecordReader {

    @Override
    public String format() {
        return "tradacoms";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        EdiPayload payload = EdiPayload.decode(message.payload());
        String text = payload.text();
        if (!text.stripLeading().startsWith("STX")) {
            String start = text.strip();
            return List.of(ReadRecord.unreadable(message.sourceRef(), start, "STX",
                    "not a TRADACOMS transmission: the file starts with '"
                            + start.substring(0, Math.min(start.length(), 20))
                            + "' where STX= is expected"));
        }
        Pass pass = new Pass(message.sourceRef(), text);
        pass.drive(payload);
        return pass.records;
    }

    /** A message between its MHD and MTR. */
    private static final class Message {
        final ObjectNode tree = JsonNodeFactory.instance.objectNode();
        final ArrayNode segments;
        final String ref;
        final int start;
        int count = 1;
        String field;
        String problem;

        Message(EdiSegment mhd, String ref, int start) {
            tree.put("messageRef", mhd.value(0, 0));
            tree.put("messageType", mhd.value(1, 0));
            tree.put("version", mhd.value(1, 1));
            tree.put("documentType", mhd.value(1, 0));
            this.segments = tree.putArray("segments");
            this.ref = ref;
            this.start = start;
        }

        String type() {
            return tree.path("messageType").asText("");
        }

        void refuse(String at, String reason) {
            if (problem == null) {
                field = at;
                problem = reason;
            }
        }
    }

    /** The segment being read, with the count its trailer disagrees with, if any. */
    private static final class Segment extends EdiSegment {
        String countError;

        Segment(String tag, int line) {
            super(tag, line);
        }
    }

    /** One reading of one payload; holds the parser state between events. */
    private static final class Pass extends EdiPass {

        private final List<ReadRecord> records = new ArrayList<>();
        private final List<String> transmissionProblems = new ArrayList<>();
        private ObjectNode transmission;
        private String reference = "";
        private int transmissionStart;
        private ObjectNode header;
        private String headerProblem;
        private Message message;
        private Segment segment;
        private int messages;
        private int lastEnd;

        Pass(String source, String text) {
            super(source, text);
        }

        @Override
        protected void on(EDIStreamEvent event) {
            if (event == EDIStreamEvent.START_INTERCHANGE
                    && !Standards.TRADACOMS.equals(reader.getStandard())) {
                throw new IllegalStateException("a " + reader.getStandard()
                        + " interchange, not TRADACOMS");
            } else if (event == EDIStreamEvent.START_SEGMENT) {
                segment = new Segment(reader.getText(), reader.getLocation().getLineNumber());
            } else if (event == EDIStreamEvent.ELEMENT_DATA) {
                segment.add(reader.getLocation(), reader.getText());
            } else if (event == EDIStreamEvent.ELEMENT_DATA_ERROR
                    && reader.getErrorType()
                            == EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT) {
                segment.countError = reader.getText();
            } else if (event == EDIStreamEvent.END_SEGMENT) {
                int end = reader.getLocation().getCharacterOffset();
                endSegment(end);
                lastEnd = end;
            }
        }

        private void endSegment(int end) {
            switch (segment.tag) {
                case "STX" -> startOfTransmission();
                case "MHD" -> startOfMessage();
                case "MTR" -> endOfMessage(end);
                case "END" -> endOfTransmission(end);
                default -> bodySegment();
            }
        }

        private void startOfTransmission() {
            transmission = JsonNodeFactory.instance.objectNode();
            transmission.put("sender", segment.value(1, 0));
            transmission.put("senderName", segment.value(1, 1));
            transmission.put("receiver", segment.value(2, 0));
            transmission.put("receiverName", segment.value(2, 1));
            transmission.put("date", segment.value(3, 0));
            transmission.put("time", segment.value(3, 1));
            transmission.put("reference", segment.value(4, 0));
            transmission.put("applicationReference", segment.value(6, 0));
            transmission.put("priority", segment.value(7, 0));
            reference = transmission.path("reference").asText("");
            transmissionStart = lastEnd;
        }

        private void startOfMessage() {
            if (message != null) {
                message.refuse("MTR", "message " + message.tree.path("messageRef").asText()
                        + " has no MTR: MHD at line " + segment.line + " starts the next one");
                closeMessage(lastEnd);
            }
            message = new Message(segment, source + "#" + reference + "/"
                    + segment.value(0, 0), lastEnd);
        }

        private void bodySegment() {
            if (message == null) {
                transmissionProblems.add("segment " + segment.tag + " at line " + segment.line
                        + " is outside any message (MHD to MTR)");
                return;
            }
            message.count++;
            segment.appendTo(message.segments, message.count);
        }

        private void endOfMessage(int end) {
            if (message == null) {
                transmissionProblems.add("MTR at line " + segment.line + " closes no message");
                return;
            }
            message.count++;
            if (segment.countError != null) {
                message.refuse("MTR", "MTR at line " + segment.line + ": the segment count "
                        + segment.countError + " does not match the " + message.count
                        + " segments of message " + message.tree.path("messageRef").asText()
                        + " (" + message.type() + ")");
            }
            closeMessage(end);
        }

        private void closeMessage(int end) {
            messages++;
            String type = message.type();
            if (type.endsWith("HDR")) {
                header = message.tree;
                headerProblem = message.problem;
            } else if (!type.endsWith("TLR")) {
                records.add(detail(slice(message.start, end)));
            }
            message = null;
        }

        private ReadRecord detail(String raw) {
            if (message.problem != null) {
                return ReadRecord.unreadable(message.ref, raw, message.field, message.problem);
            }
            if (headerProblem != null) {
                return ReadRecord.unreadable(message.ref, raw, "MHD", "the file's header"
                        + " message is unreadable: " + headerProblem);
            }
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.set("transmission", transmission == null ? null : transmission.deepCopy());
            tree.set("header", header == null ? null : header.deepCopy());
            tree.setAll(message.tree);
            return ReadRecord.of(message.ref, raw, tree);
        }

        private void endOfTransmission(int end) {
            if (message != null) {
                message.refuse("MTR", "message " + message.tree.path("messageRef").asText()
                        + " has no MTR: END at line " + segment.line + " ends the transmission");
                closeMessage(lastEnd);
            }
            if (segment.countError != null) {
                transmissionProblems.add("END at line " + segment.line + ": the message count "
                        + segment.countError + " does not match the " + messages
                        + " messages of transmission " + reference);
            }
            closeTransmission(end);
        }

        private void closeTransmission(int end) {
            if (!transmissionProblems.isEmpty()) {
                records.add(ReadRecord.unreadable(source + "#" + reference,
                        slice(transmissionStart, end), "END",
                        String.join("; ", transmissionProblems)));
            }
            transmissionProblems.clear();
            transmission = null;
            header = null;
            headerProblem = null;
            messages = 0;
        }

        @Override
        protected void finish() {
            if (message != null) {
                message.refuse("MTR", "message " + message.tree.path("messageRef").asText()
                        + " has no MTR: the file ends first");
                closeMessage(text.length());
            }
            if (transmission != null) {
                transmissionProblems.add("transmission " + reference
                        + " has no END: the file ends first");
                closeTransmission(text.length());
            }
        }

        /** The parser gave up: a truncated file or text that is not TRADACOMS. */
        @Override
        protected void stopped(Exception e) {
            String field = stoppedIn(e, "STX");
            String reason = "the parser stopped: " + e.getMessage();
            if (message != null) {
                message.refuse(field, "message " + message.tree.path("messageRef").asText()
                        + " is incomplete; " + reason);
                closeMessage(text.length());
            }
            if (transmission != null) {
                transmissionProblems.add("transmission " + reference + " is incomplete; "
                        + reason);
                closeTransmission(text.length());
                return;
            }
            records.add(ReadRecord.unreadable(source, slice(lastEnd, text.length()), field,
                    reason));
        }
    }
}
