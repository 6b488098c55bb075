package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xlate.edi.stream.EDIStreamConstants.Delimiters;
import io.xlate.edi.stream.EDIStreamConstants.Standards;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads ANSI X12 interchanges (ISA to IEA) into one record per transaction set (ST to SE),
 * using StAEDI for every delimiter and envelope check. Each interchange announces its own
 * delimiters in its ISA, and StAEDI reads them by the interchange's version: before 00402,
 * ISA11 is a standards identifier ({@code U}), not a repetition separator, so a {@code ^} or
 * {@code U} in the data stays data.
 *
 * <p>The tree of one transaction set, which a mapping navigates:
 * <pre>
 * {
 *   "interchange": {"sender": "CHANNELX", "senderQualifier": "ZZ",
 *                   "receiver": "HUBRETAIL", "receiverQualifier": "ZZ",
 *                   "date": "261204", "time": "1015", "version": "00401",
 *                   "controlNumber": "000000101", "usage": "P"},
 *   "group": {"functionalId": "PO", "sender": "CHANNELX", "receiver": "HUBRETAIL",
 *             "date": "20261204", "time": "1015", "controlNumber": "101",
 *             "agency": "X", "version": "004010"},
 *   "documentType": "850", "controlNumber": "0001",
 *   "segments": [
 *     {"tag": "BEG", "position": 2, "line": 1,
 *      "elements": [["00"], ["SA"], ["PO-U-77"], [""], ["20261204"]]}
 *   ]
 * }
 * </pre>
 * {@code segments} lists every segment between ST and SE; {@code position} counts from ST
 * as 1, the way SE counts, and {@code line} is the physical line the segment starts on.
 * {@code elements[i][j]} (zero-based in JSONata) is component j+1 of element i+1; values
 * are as sent (header ids are trimmed of their padding), an empty element is {@code ""} and
 * trailing elements left out are absent. An element sent with repetitions keeps its first
 * occurrence in {@code elements} and all of them in {@code repeats}, keyed by the element's
 * number: {@code "repeats": {"5": [["BLUE"], ["WHITE"]]}}.
 *
 * <p>Record reference: {@code <sourceRef>#<ISA13>/<GS06>/<ST02>}. The raw record is the
 * transaction set's text, ST to SE, as it stood in the file.
 *
 * <p>A transaction set is one document: it is unreadable, with the reason naming where,
 * when its SE is missing, its count or control number disagrees, or the file ends inside
 * it. The envelope is checked whole as well: a group whose GE count or control number
 * disagrees, or that has no GE, makes every set of the group unreadable, and so does an
 * interchange whose IEA disagrees, is missing, or repeats the control number of an earlier
 * interchange in the file; an envelope with no set in it gives one record of its own
 * ({@code <sourceRef>#<ISA13>} or {@code #<ISA13>/<GS06>}). A file that is not X12 at all
 * (no ISA first, EBCDIC bytes, an ISA that is not of fixed width) gives one unreadable
 * record naming the file. {@link #parse} also keeps the envelope outline a functional
 * acknowledgement (997) is written from.
 *
 * <p>The payload is decoded as UTF-8, or as ISO-8859-1 when it is not valid UTF-8; a leading
 * byte-order mark is passed over. Line breaks and other control characters that are not a
 * delimiter are ignored, so files broken into lines or indented read alike.
 */
public final class X12RecordReader implements RecordReader {

    /** "ISA" in EBCDIC: a mainframe file sent without conversion. */
    private static final byte[] EBCDIC_ISA = {(byte) 0xC9, (byte) 0xE2, (byte) 0xC1};

    @Override
    public String format() {
        return "x12";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        return parse(message.sourceRef(), message.payload()).records();
    }

    /** What a file held: its records in file order, and the envelopes they came in. */
    public record Reading(List<ReadRecord> records, List<Interchange> interchanges) {
    }

    /** An interchange as a 997 needs it: who sent it, to whom, its groups. */
    public record Interchange(ObjectNode header, Map<String, Character> delimiters,
            boolean sound, List<Group> groups) {

        public String text(String field) {
            return header.path(field).asText("");
        }
    }

    /**
     * A functional group: its header, the sets it declared in GE01 (-1 when GE is missing),
     * and what was wrong with its trailer, as an AK9 syntax error code and a sentence.
     */
    public record Group(ObjectNode header, int declaredSets, String errorCode, String error,
            List<TransactionSet> sets) {

        public String text(String field) {
            return header.path(field).asText("");
        }
    }

    /** A transaction set's identity and, if it failed, its AK5 codes (empty: accepted). */
    public record TransactionSet(String documentType, String controlNumber,
            List<String> errorCodes) {

        public boolean accepted() {
            return errorCodes.isEmpty();
        }
    }

    public Reading parse(String sourceRef, byte[] payload) {
        if (startsWith(payload, EBCDIC_ISA)) {
            return refused(sourceRef, "", "the file is EBCDIC-encoded (its first bytes C9 E2 C1"
                    + " spell ISA in EBCDIC); X12 partners must send ASCII or UTF-8");
        }
        EdiPayload decoded = EdiPayload.decode(payload);
        String text = decoded.text();
        if (text.isBlank()) {
            return refused(sourceRef, text, "the file is empty; an X12 interchange (ISA) is"
                    + " expected");
        }
        String start = text.stripLeading();
        if (!start.startsWith("ISA")) {
            return refused(sourceRef, text, "no ISA header: the file starts with '"
                    + firstSegment(start) + "' at line 1; an X12 interchange begins with ISA");
        }
        Pass pass = new Pass(sourceRef, text);
        pass.drive(decoded);
        return new Reading(List.copyOf(pass.records), List.copyOf(pass.interchanges));
    }

    private static Reading refused(String sourceRef, String raw, String reason) {
        return new Reading(List.of(ReadRecord.unreadable(sourceRef, raw.strip(), "ISA", reason)),
                List.of());
    }

    private static String firstSegment(String text) {
        String first = text.lines().findFirst().orElse("");
        return first.length() > 40 ? first.substring(0, 40) + "..." : first;
    }

    private static boolean startsWith(byte[] payload, byte[] prefix) {
        if (payload.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (payload[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A problem: the segment it is about, a sentence, and its code in a 997. */
    private record Problem(String field, String reason, String code) {
    }

    /** The segment being read: element number to its occurrences, each a list of parts. */
    private static final class Segment {
        final String tag;
        final Map<Integer, List<List<String>>> elements = new TreeMap<>();
        final List<Problem> problems = new ArrayList<>();
        int line;
        boolean binary;

        Segment(String tag) {
            this.tag = tag;
        }

        void put(Location at, String value) {
            int element = at.getElementPosition();
            int occurrence = Math.max(at.getElementOccurrence(), 1);
            int component = Math.max(at.getComponentPosition(), 1);
            List<List<String>> occurrences = elements.computeIfAbsent(element,
                    e -> new ArrayList<>());
            while (occurrences.size() < occurrence) {
                occurrences.add(new ArrayList<>());
            }
            List<String> parts = occurrences.get(occurrence - 1);
            while (parts.size() < component - 1) {
                parts.add("");
            }
            parts.add(value == null ? "" : value);
        }

        String value(int element) {
            List<List<String>> occurrences = elements.get(element);
            if (occurrences == null || occurrences.isEmpty() || occurrences.get(0).isEmpty()) {
                return "";
            }
            return occurrences.get(0).get(0);
        }

        ObjectNode node(int position) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("tag", tag);
            node.put("position", position);
            node.put("line", line);
            ArrayNode list = node.putArray("elements");
            int last = elements.isEmpty() ? 0 : ((TreeMap<Integer, ?>) elements).lastKey();
            ObjectNode repeats = null;
            for (int i = 1; i <= last; i++) {
                List<List<String>> occurrences = elements.getOrDefault(i, List.of());
                ArrayNode parts = list.addArray();
                if (occurrences.isEmpty() || occurrences.get(0).isEmpty()) {
                    parts.add("");
                } else {
                    occurrences.get(0).forEach(parts::add);
                }
                if (occurrences.size() > 1) {
                    repeats = repeats == null ? JsonNodeFactory.instance.objectNode() : repeats;
                    ArrayNode all = repeats.putArray(String.valueOf(i));
                    occurrences.forEach(o -> {
                        ArrayNode one = all.addArray();
                        o.forEach(one::add);
                    });
                }
            }
            if (repeats != null) {
                node.set("repeats", repeats);
            }
            return node;
        }
    }

    /** An open interchange: its header, its records so far, what is wrong with it. */
    private static final class OpenInterchange {
        final ObjectNode header;
        final Map<String, Character> delimiters;
        final String controlNumber;
        final int start;
        final int line;
        final List<ReadRecord> records = new ArrayList<>();
        final List<Group> groups = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int groupCount;

        OpenInterchange(ObjectNode header, Map<String, Character> delimiters, int start,
                int line) {
            this.header = header;
            this.delimiters = delimiters;
            this.controlNumber = header.path("controlNumber").asText("");
            this.start = start;
            this.line = line;
        }
    }

    /** An open functional group. */
    private static final class OpenGroup {
        final ObjectNode header;
        final String controlNumber;
        final int start;
        final int line;
        final List<ReadRecord> records = new ArrayList<>();
        final List<TransactionSet> sets = new ArrayList<>();
        Problem problem;

        OpenGroup(ObjectNode header, int start, int line) {
            this.header = header;
            this.controlNumber = header.path("controlNumber").asText("");
            this.start = start;
            this.line = line;
        }
    }

    /** An open transaction set. */
    private static final class OpenSet {
        final ObjectNode tree;
        final ArrayNode segments;
        final String ref;
        final String documentType;
        final String controlNumber;
        final int start;
        final int line;
        final List<Problem> problems = new ArrayList<>();
        int count = 1;

        OpenSet(ObjectNode tree, String ref, int start, int line) {
            this.tree = tree;
            this.segments = tree.putArray("segments");
            this.ref = ref;
            this.documentType = tree.path("documentType").asText("");
            this.controlNumber = tree.path("controlNumber").asText("");
            this.start = start;
            this.line = line;
        }
    }

    /** One reading of one payload; holds the parser state between events. */
    private static final class Pass extends EdiPass {

        private final List<ReadRecord> records = new ArrayList<>();
        private final List<Interchange> interchanges = new ArrayList<>();
        private final Map<String, Integer> seenInterchanges = new HashMap<>();
        private OpenInterchange interchange;
        private OpenGroup group;
        private OpenSet set;
        private Segment segment;
        private Map<String, Character> delimiters = Map.of();
        private String foreignStandard;
        private int segmentStart;
        private int lastEnd;
        /** Line breaks counted so far, up to {@code countedTo}: lines are counted once. */
        private int linesBefore;
        private int countedTo;

        Pass(String source, String text) {
            super(source, text);
        }

        @Override
        protected void on(EDIStreamEvent event) {
            switch (event) {
                case START_INTERCHANGE -> {
                    foreignStandard = Standards.X12.equals(reader.getStandard()) ? null
                            : reader.getStandard();
                    delimiters = Map.copyOf(reader.getDelimiters());
                }
                case START_SEGMENT -> {
                    segment = new Segment(reader.getText());
                    segmentStart = lastEnd;
                }
                case ELEMENT_DATA -> segment.put(reader.getLocation(), reader.getText());
                case ELEMENT_DATA_BINARY -> segment.binary = true;
                case END_SEGMENT -> {
                    int end = reader.getLocation().getCharacterOffset();
                    segment.line = lineOf(segmentStart, end);
                    endSegment(end);
                    lastEnd = end;
                }
                case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> error();
                default -> {
                    // Loops, groups and transactions are followed by their segments.
                }
            }
        }

        /**
         * The line a segment starts on: the first character that is not a line break or
         * blank after the previous segment's terminator. The parser's own line number is
         * that of the segment's end, one line late where the terminator is a line break.
         */
        private int lineOf(int start, int end) {
            int first = start;
            while (first < end && first < text.length()
                    && Character.isWhitespace(text.charAt(first))) {
                first++;
            }
            while (countedTo < first && countedTo < text.length()) {
                if (text.charAt(countedTo) == '\n') {
                    linesBefore++;
                }
                countedTo++;
            }
            return linesBefore + 1;
        }

        private void endSegment(int end) {
            if (foreignStandard != null) {
                if ("UNZ".equals(segment.tag) || "IEA".equals(segment.tag)) {
                    records.add(ReadRecord.unreadable(source, slice(0, end), "interchange",
                            "an interchange of standard " + foreignStandard + " ends at line "
                                    + segment.line + "; only X12 is read here"));
                }
                return;
            }
            switch (segment.tag) {
                case "ISA" -> startInterchange();
                case "GS" -> startGroup();
                case "ST" -> startSet();
                case "SE" -> endSet(end);
                case "GE" -> endGroup(end);
                case "IEA" -> endInterchange(end);
                default -> bodySegment();
            }
        }

        private void startInterchange() {
            String cutShort = null;
            if (interchange != null) {
                String early = "another ISA starts at line " + segment.line;
                cutShort = interchange.controlNumber;
                closeUnfinished(early, segmentStart);
                interchange.problems.add(new Problem("IEA", "interchange "
                        + interchange.controlNumber + " has no IEA: " + early, null));
                closeInterchange(segmentStart);
            }
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            header.put("authorizationQualifier", segment.value(1));
            header.put("senderQualifier", segment.value(5));
            header.put("sender", segment.value(6).strip());
            header.put("receiverQualifier", segment.value(7));
            header.put("receiver", segment.value(8).strip());
            header.put("date", segment.value(9));
            header.put("time", segment.value(10));
            header.put("standardsId", segment.value(11));
            header.put("version", segment.value(12));
            header.put("controlNumber", segment.value(13));
            header.put("acknowledgmentRequested", segment.value(14));
            header.put("usage", segment.value(15));
            interchange = new OpenInterchange(header, delimiters, segmentStart, segment.line);
            Integer earlier = seenInterchanges.putIfAbsent(interchange.controlNumber,
                    segment.line);
            if (earlier != null) {
                interchange.problems.add(new Problem("ISA13", "interchange control number "
                        + interchange.controlNumber + " at line " + segment.line
                        + " repeats the one of the interchange at line " + earlier
                        + " in the same file", null));
            }
            if (cutShort != null) {
                // The parser reads on as if still inside the interchange cut short, so the
                // counts and numbers it checks for this one are not this one's.
                interchange.problems.add(new Problem("ISA", "interchange "
                        + interchange.controlNumber + " at line " + segment.line
                        + " cannot be checked: it starts inside interchange " + cutShort
                        + ", which has no IEA", null));
            }
            report(segment.problems);
        }

        private void startGroup() {
            if (interchange == null) {
                orphan("GS");
                return;
            }
            if (group != null) {
                group.problem = new Problem("GE", "group " + group.controlNumber
                        + " has no GE: another GS starts at line " + segment.line, "3");
                closeGroup(segmentStart);
            }
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            header.put("functionalId", segment.value(1));
            header.put("sender", segment.value(2));
            header.put("receiver", segment.value(3));
            header.put("date", segment.value(4));
            header.put("time", segment.value(5));
            header.put("controlNumber", segment.value(6));
            header.put("agency", segment.value(7));
            header.put("version", segment.value(8));
            group = new OpenGroup(header, segmentStart, segment.line);
            interchange.groupCount++;
        }

        private void startSet() {
            if (group == null) {
                orphan("ST");
                return;
            }
            if (set != null) {
                setProblem("SE", "transaction set " + set.controlNumber + " has no SE: ST at"
                        + " line " + segment.line + " starts another", "2");
                closeSet(segmentStart);
            }
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.set("interchange", interchange.header.deepCopy());
            tree.set("group", group.header.deepCopy());
            tree.put("documentType", segment.value(1));
            tree.put("controlNumber", segment.value(2));
            String implementation = segment.value(3);
            tree.put("implementation", implementation.isEmpty() ? null : implementation);
            String ref = source + "#" + interchange.controlNumber + "/" + group.controlNumber
                    + "/" + segment.value(2);
            set = new OpenSet(tree, ref, segmentStart, segment.line);
            if (segment.value(1).isEmpty()) {
                setProblem("ST01", "ST at line " + segment.line + " names no transaction set"
                        + " identifier", "6");
            }
            if (segment.value(2).isEmpty()) {
                setProblem("ST02", "ST at line " + segment.line + " has no control number",
                        "7");
            }
        }

        private void bodySegment() {
            if (set == null) {
                orphan(segment.tag);
                return;
            }
            set.count++;
            set.segments.add(segment.node(set.count));
            if (segment.binary) {
                setProblem(segment.tag, "segment " + segment.tag + " at line " + segment.line
                        + " holds binary data, which this reader does not take", "5");
            }
            report(segment.problems);
        }

        private void endSet(int end) {
            if (set == null) {
                orphan("SE");
                return;
            }
            set.count++;
            report(segment.problems);
            closeSet(end);
        }

        private void endGroup(int end) {
            if (group == null) {
                orphan("GE");
                return;
            }
            if (set != null) {
                setProblem("SE", "transaction set " + set.controlNumber + " has no SE: GE at"
                        + " line " + segment.line + " ends the group", "2");
                closeSet(segmentStart);
            }
            int declared = parseCount(segment.value(1));
            if (group.problem == null) {
                for (Problem problem : segment.problems) {
                    group.problem = problem;
                    break;
                }
            }
            closeGroup(end, declared);
        }

        private void endInterchange(int end) {
            if (interchange == null) {
                records.add(ReadRecord.unreadable(source, slice(segmentStart, end), "IEA",
                        "IEA at line " + segment.line + " closes no interchange"));
                return;
            }
            closeUnfinished("IEA at line " + segment.line + " ends the interchange",
                    segmentStart);
            interchange.problems.addAll(segment.problems);
            closeInterchange(end);
        }

        /** Closes the set and group still open when {@code early} ends them before their time. */
        private void closeUnfinished(String early, int at) {
            if (group == null) {
                return;
            }
            group.problem = new Problem("GE", "group " + group.controlNumber + " has no GE: "
                    + early, "3");
            if (set != null) {
                setProblem("SE", "transaction set " + set.controlNumber + " has no SE: "
                        + early, "2");
                closeSet(at);
            }
            closeGroup(at);
        }

        /** A segment where the envelope has no place for it. */
        private void orphan(String tag) {
            String reason = "segment " + tag + " at line " + segment.line + " is outside "
                    + (interchange == null ? "any interchange (ISA to IEA)"
                            : group == null ? "any functional group (GS to GE)"
                            : "any transaction set (ST to SE)");
            if (group != null) {
                if (group.problem == null) {
                    group.problem = new Problem(tag, reason, null);
                }
            } else if (interchange != null) {
                interchange.problems.add(new Problem(tag, reason, null));
            } else {
                records.add(ReadRecord.unreadable(source, slice(segmentStart, lastEnd), tag,
                        reason));
            }
        }

        private void closeSet(int end) {
            List<String> codes = set.problems.stream().map(Problem::code).distinct().toList();
            String raw = slice(set.start, end);
            if (set.problems.isEmpty()) {
                group.records.add(ReadRecord.of(set.ref, raw, set.tree));
            } else {
                Problem first = set.problems.get(0);
                String reasons = String.join("; ", set.problems.stream()
                        .map(Problem::reason).toList());
                group.records.add(ReadRecord.unreadable(set.ref, raw, first.field(),
                        "transaction set " + set.documentType + " " + set.controlNumber
                                + " of group " + group.controlNumber + ": " + reasons));
            }
            group.sets.add(new TransactionSet(set.documentType, set.controlNumber, codes));
            set = null;
        }

        private void closeGroup(int end) {
            closeGroup(end, -1);
        }

        private void closeGroup(int end, int declared) {
            List<ReadRecord> out = group.records;
            if (group.problem != null) {
                String reason = "group " + group.controlNumber + " (GS at line " + group.line
                        + ") fails its envelope check: " + group.problem.reason();
                out = rejectAll(out, group.problem.field(), reason);
                if (out.isEmpty()) {
                    out = List.of(ReadRecord.unreadable(source + "#" + interchange.controlNumber
                            + "/" + group.controlNumber, slice(group.start, end),
                            group.problem.field(), reason));
                }
            }
            interchange.records.addAll(out);
            interchange.groups.add(new Group(group.header, declared,
                    group.problem == null ? null : group.problem.code(),
                    group.problem == null ? null : group.problem.reason(),
                    List.copyOf(group.sets)));
            group = null;
        }

        private void closeInterchange(int end) {
            List<ReadRecord> out = interchange.records;
            boolean sound = interchange.problems.isEmpty();
            if (!sound) {
                Problem first = interchange.problems.get(0);
                String reason = "interchange " + interchange.controlNumber + " (ISA at line "
                        + interchange.line + ") fails its envelope check: "
                        + String.join("; ", interchange.problems.stream()
                                .map(Problem::reason).toList());
                out = rejectAll(out, first.field(), reason);
                if (out.isEmpty()) {
                    out = List.of(ReadRecord.unreadable(source + "#"
                            + interchange.controlNumber, slice(interchange.start, end),
                            first.field(), reason));
                }
            }
            records.addAll(out);
            interchanges.add(new Interchange(interchange.header, interchange.delimiters, sound,
                    List.copyOf(interchange.groups)));
            interchange = null;
        }

        private static List<ReadRecord> rejectAll(List<ReadRecord> records, String field,
                String reason) {
            List<ReadRecord> rejected = new ArrayList<>();
            for (ReadRecord record : records) {
                // A set refused for its own fault also names its envelope's, so one reading
                // of the dead letter tells everything that must change before a resend.
                rejected.add(record.readable()
                        ? ReadRecord.unreadable(record.recordRef(), record.rawRecord(), field,
                                reason)
                        : ReadRecord.unreadable(record.recordRef(), record.rawRecord(),
                                record.field(), record.unreadableReason() + "; " + reason));
            }
            return rejected;
        }

        /** Findings StAEDI reported while the segment was read, given to where they belong. */
        private void report(List<Problem> problems) {
            for (Problem problem : problems) {
                if (set != null) {
                    setProblem(problem.field(), problem.reason(), problem.code());
                } else if (interchange != null) {
                    interchange.problems.add(problem);
                }
            }
        }

        private void setProblem(String field, String reason, String code) {
            set.problems.add(new Problem(field, reason, code == null ? "5" : code));
        }

        private void error() {
            EDIStreamValidationError type = reader.getErrorType();
            Location at = reader.getLocation();
            String tag = at.getSegmentTag();
            String value = reader.hasText() ? reader.getText() : "";
            if (segment == null || tag == null) {
                return;
            }
            String where = tag + " at line " + lineOf(segmentStart, at.getCharacterOffset())
                    + ", element " + at.getElementPosition();
            switch (type) {
                case CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT -> segment.problems.add(
                        new Problem(tag, where + ": the count " + value + " does not match "
                                + counted(tag), countCode(tag)));
                case CONTROL_REFERENCE_MISMATCH -> segment.problems.add(new Problem(tag,
                        where + ": the control number " + value + " does not match "
                                + header(tag), referenceCode(tag)));
                default -> {
                    // Without a transaction schema, StAEDI's other findings are about the
                    // envelope's own element formats, which do not change how data reads.
                }
            }
        }

        private String counted(String tag) {
            return switch (tag) {
                case "SE" -> "the " + (set == null ? 0 : set.count + 1) + " segments of"
                        + " transaction set " + (set == null ? "" : set.controlNumber);
                case "GE" -> "the " + (group == null ? 0 : group.sets.size())
                        + " transaction sets of group " + (group == null ? ""
                                : group.controlNumber);
                default -> "the " + (interchange == null ? 0 : interchange.groupCount)
                        + " functional groups of interchange " + (interchange == null ? ""
                                : interchange.controlNumber);
            };
        }

        private String header(String tag) {
            return switch (tag) {
                case "SE" -> "ST02 " + (set == null ? "" : set.controlNumber);
                case "GE" -> "GS06 " + (group == null ? "" : group.controlNumber);
                default -> "ISA13 " + (interchange == null ? "" : interchange.controlNumber);
            };
        }

        /** AK5 for SE, AK9 for GE; an IEA finding has no 997 code (TA1 territory). */
        private static String countCode(String tag) {
            return switch (tag) {
                case "SE" -> "4";
                case "GE" -> "5";
                default -> null;
            };
        }

        private static String referenceCode(String tag) {
            return switch (tag) {
                case "SE" -> "3";
                case "GE" -> "4";
                default -> null;
            };
        }

        private static int parseCount(String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The normal end of input: whatever is still open lacks its trailer. */
        @Override
        protected void finish() {
            int end = text.length();
            if (interchange == null) {
                if (records.isEmpty() && interchanges.isEmpty()) {
                    records.add(ReadRecord.unreadable(source, slice(0, end), "ISA",
                            "no X12 interchange found"));
                }
                return;
            }
            closeUnfinished("the file ends first", end);
            interchange.problems.add(new Problem("IEA", "interchange "
                    + interchange.controlNumber + " has no IEA: the file ends first", null));
            closeInterchange(end);
        }

        /** The parser gave up: a truncated file, a broken header or text that is not X12. */
        @Override
        protected void stopped(Exception e) {
            String field = stoppedIn(e, "ISA");
            String reason = EdiStreams.whyStopped(e);
            int end = text.length();
            if (interchange == null) {
                boolean header = records.isEmpty() && interchanges.isEmpty();
                records.add(ReadRecord.unreadable(source, slice(lastEnd, end), field,
                        header ? "the ISA header cannot be read (an ISA has fixed-width"
                                + " fields, 106 characters with its terminator); " + reason
                                : reason));
                return;
            }
            if (group != null) {
                group.problem = new Problem(field, "group " + group.controlNumber
                        + " is incomplete; " + reason, "3");
                if (set != null) {
                    setProblem(field, "transaction set " + set.controlNumber
                            + " is incomplete; " + reason, "5");
                    closeSet(end);
                }
                closeGroup(end);
            }
            interchange.problems.add(new Problem(field, "its IEA was not reached; " + reason,
                    null));
            closeInterchange(end);
        }
    }
}
