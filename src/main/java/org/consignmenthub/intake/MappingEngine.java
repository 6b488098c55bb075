package org.consignmenthub.intake;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.CanonicalSchema;

/**
 * Applies a channel's JSONata mapping to each record its reader produced.
 *
 * <p>A mapping sees the record as its input and these variables: {@code $channel},
 * {@code $account}, {@code $legalEntity}, {@code $source}, {@code $record}, every option of
 * its descriptor and every attribute of the inbound message (for example {@code $location},
 * the account's fulfilment location). The functions of {@link MappingFunctions} are there
 * too. It
 * returns one event, an array of events, {@code {"skip": "REASON"}} or
 * {@code {"reject": {"field": ..., "reason": ..., "detail": ...}}}. An event may leave out
 * its key and give {@code externalId} (and {@code revision}) instead; the key is then built
 * from the message's channel and account.
 */
public final class MappingEngine {

    /** The field of a record's tree that names its document type, if the format has one. */
    static final String DOCUMENT_TYPE = "documentType";
    /** Constructed after each compilation to become its thread's evaluator; see below. */
    private static final String SCRATCH_EVALUATOR = "$";

    private final MappingCatalog catalog;
    private final Map<String, RecordReader> readers;
    private final ObjectMapper json = CanonicalJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final Map<String, Jsonata> compiled = new ConcurrentHashMap<>();

    public MappingEngine(MappingCatalog catalog, List<RecordReader> readers) {
        this.catalog = catalog;
        this.readers = readers.stream()
                .collect(Collectors.toMap(RecordReader::format, r -> r));
    }

    public MappingCatalog catalog() {
        return catalog;
    }

    public List<MappedRecord> map(InboundMessage message) {
        MappingDescriptor descriptor = catalog.find(message.channel(), message.messageType());
        RecordReader reader = readers.get(descriptor.format());
        if (reader == null) {
            throw new IllegalStateException("no reader for format " + descriptor.format());
        }

        List<MappedRecord> mapped = new ArrayList<>();
        for (RecordReader.ReadRecord record : reader.read(message, descriptor)) {
            mapped.add(mapRecord(message, descriptor, record));
        }
        return mapped;
    }

    private MappedRecord mapRecord(InboundMessage message, MappingDescriptor descriptor,
            RecordReader.ReadRecord record) {
        if (!record.readable()) {
            return new MappedRecord.Rejected(record.recordRef(), record.rawRecord(),
                    record.field(), "UNREADABLE", record.unreadableReason());
        }

        Object result;
        try {
            Jsonata expression = expression(descriptor.expressionFor(
                    record.tree().path(DOCUMENT_TYPE).textValue()));
            Jsonata.Frame frame = expression.createFrame();
            descriptor.options().forEach(frame::bind);
            bind(frame, message, record);
            result = expression.evaluate(json.convertValue(record.tree(), Object.class), frame);
        } catch (RuntimeException e) {
            return new MappedRecord.Rejected(record.recordRef(), record.rawRecord(), null,
                    "MAPPING_FAILED", "mapping " + descriptor.expressionFor(
                            record.tree().path(DOCUMENT_TYPE).textValue()).getFileName()
                            + " failed: " + e.getMessage());
        }
        MappedRecord mapped = interpret(message, record, json.valueToTree(result));

        if (mapped instanceof MappedRecord.Events events) {
            return checkRules(message, descriptor, record, events);
        }
        return mapped;
    }

    /**
     * The record rules of the message's channel account (required facts, currencies,
     * address). Rules that need the books are left to intake, which has them.
     */
    private MappedRecord checkRules(InboundMessage message, MappingDescriptor descriptor,
            RecordReader.ReadRecord record, MappedRecord.Events events) {
        ValidationRules channelRules = catalog.rules(message.channel());
        RuleSet rules = channelRules.forAccount(message.account());
        Map<String, String> facts;
        try {
            facts = facts(channelRules, message, descriptor, record);
        } catch (RuntimeException e) {
            return new MappedRecord.Rejected(record.recordRef(), record.rawRecord(), null,
                    "MAPPING_FAILED", "a fact of " + ValidationRules.FILE + " of channel "
                            + message.channel() + " failed: " + e.getMessage());
        }
        RuleViolation broken = RecordRules.check(rules, facts, events.events());
        if (broken != null) {
            return broken.rejection(message.channel(), message.account(), record.recordRef(),
                    record.rawRecord());
        }
        return events;
    }

    /** The facts the channel's rules read, each evaluated on the source record. */
    private Map<String, String> facts(ValidationRules rules, InboundMessage message,
            MappingDescriptor descriptor, RecordReader.ReadRecord record) {
        if (!rules.readsFacts()) {
            return Map.of();
        }
        Object input = json.convertValue(record.tree(), Object.class);
        Map<String, String> facts = new HashMap<>();
        rules.facts().forEach((name, source) -> {
            Jsonata expression = compiled(source);
            Jsonata.Frame frame = expression.createFrame();
            descriptor.options().forEach(frame::bind);
            bind(frame, message, record);
            JsonNode value = json.valueToTree(expression.evaluate(input, frame));
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                facts.put(name, value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return facts;
    }

    private MappedRecord interpret(InboundMessage message, RecordReader.ReadRecord record,
            JsonNode result) {
        String ref = record.recordRef();
        String raw = record.rawRecord();
        if (result == null || result.isNull() || result.isMissingNode()) {
            return new MappedRecord.Skipped(ref, raw, "NO_EVENTS");
        }
        if (result.has("skip")) {
            return new MappedRecord.Skipped(ref, raw, result.get("skip").asText());
        }
        if (result.has("reject")) {
            JsonNode reject = result.get("reject");
            return new MappedRecord.Rejected(ref, raw, reject.path("field").asText(null),
                    reject.path("reason").asText("REJECTED"),
                    reject.path("detail").asText(reject.path("reason").asText("rejected")));
        }

        List<CanonicalEvent> events = new ArrayList<>();
        for (JsonNode node : result.isArray() ? result : List.of(result)) {
            try {
                events.add(toEvent(message, (ObjectNode) node.deepCopy()));
            } catch (IOException | ClassCastException | CanonicalValidation.InvalidEvent e) {
                return rejectedEvent(ref, raw, e);
            }
        }
        return new MappedRecord.Events(ref, raw, events);
    }

    private CanonicalEvent toEvent(InboundMessage message, ObjectNode node) throws IOException {
        if (!node.has("key")) {
            ObjectNode key = node.putObject("key");
            key.put("legalEntity", message.attributes().get("legalEntity"));
            key.put("channel", message.channel());
            key.put("account", message.account());
            key.put("messageType", node.path("type").asText());
            key.set("externalId", node.get("externalId"));
            key.put("revision", node.path("revision").asInt(0));
        }
        node.remove("externalId");
        node.remove("revision");
        CanonicalEvent event = json.treeToValue(node, CanonicalEvent.class);
        CanonicalValidation.check(event);
        conformsToSchema(event);
        return event;
    }

    /**
     * Every event a mapping makes must be one the published schema describes; a mapping
     * that drifts from it is refused here, record by record, instead of surprising a reader
     * of the hub's events later.
     */
    private void conformsToSchema(CanonicalEvent event) {
        if (catalog.schema().isEmpty()) {
            return;
        }
        CanonicalSchema schema = catalog.schema().get();
        List<String> problems = schema.problems(CanonicalSchema.tree(event));
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            throw new CanonicalValidation.InvalidEvent(first.substring(0, first.indexOf(':')),
                    "does not match " + schema.name() + ": " + String.join("; ", problems));
        }
    }

    private static MappedRecord rejectedEvent(String ref, String raw, Exception e) {
        if (e instanceof JsonMappingException jme) {
            String field = jme.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName()
                            : "[" + p.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return new MappedRecord.Rejected(ref, raw, field.isEmpty() ? null : field,
                    "INVALID_FIELD", unreadableValue(jme));
        }
        if (e instanceof CanonicalValidation.InvalidEvent invalid) {
            return new MappedRecord.Rejected(ref, raw, invalid.field(), "INVALID_FIELD",
                    invalid.getMessage());
        }
        return new MappedRecord.Rejected(ref, raw, null, "INVALID_EVENT",
                "the mapping did not give a canonical event the hub can read");
    }

    /**
     * Why a value the mapping gave cannot be taken, in the hub's words: the reader's own
     * message names Java types, which mean nothing to a partner or to support staff.
     */
    private static String unreadableValue(JsonMappingException e) {
        if (e instanceof InvalidTypeIdException) {
            return "the mapping gave an event type the hub does not know";
        }
        if (e instanceof InvalidFormatException invalid) {
            return shown(invalid.getValue()) + " is not " + expected(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched
                && mismatched.getTargetType() != null) {
            return "is missing or not " + expected(mismatched.getTargetType());
        }
        return "has a value the hub cannot read";
    }

    private static String expected(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class
                || type == Integer.class) {
            return "a whole number the hub can hold";
        }
        if (type == BigDecimal.class) {
            return "a decimal number";
        }
        if (type == Instant.class) {
            return "a time with its offset, such as 2026-12-04T10:15:30Z";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-12-04";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName().toLowerCase();
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static void bind(Jsonata.Frame frame, InboundMessage message,
            RecordReader.ReadRecord record) {
        message.attributes().forEach(frame::bind);
        frame.bind("channel", message.channel());
        frame.bind("account", message.account());
        frame.bind("source", message.sourceRef());
        frame.bind("record", record.recordRef());
    }

    /**
     * The compiled expression of a mapping file, compiled once and shared by every thread.
     *
     * <p>The JSONata engine (0.9.9) evaluates on a per-thread evaluator that it keeps in one
     * thread-local slot for all expressions, and the expression constructed last on a thread
     * becomes that thread's evaluator. An evaluator overwrites its own variable scope as it
     * runs; were a cached expression its thread's evaluator, each evaluation would hang its
     * scope below the previous one, lookups would slow down record by record until the stack
     * overflowed, and bindings of one record could be seen by the next. So the slot is handed
     * at once to a throwaway expression: the cached one is then only ever read, each
     * evaluation gets a fresh scope below it, and the throwaway is the scratch evaluator.
     * Mappings must not call {@code $now()} or {@code $millis()}: on a shared expression they
     * would read the evaluator's time, not the hub's clock (which they should not read
     * either: a record's business time comes from the record).
     */
    private Jsonata expression(Path file) {
        return compiled.computeIfAbsent(file.toString(), f -> {
            try {
                return compile(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read mapping expression " + f, e);
            }
        });
    }

    /** An expression given as text (a rule's fact), compiled once the same way. */
    private Jsonata compiled(String source) {
        return compiled.computeIfAbsent("expression:" + source, s -> compile(source));
    }

    private static Jsonata compile(String source) {
        Jsonata expression = Jsonata.jsonata(source);
        MappingFunctions.register(expression);
        Jsonata.jsonata(SCRATCH_EVALUATOR);
        return expression;
    }
}
