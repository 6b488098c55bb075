package org.consignmenthub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CountRecorded;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The channel-neutral front door. A payload is stored exactly as received before anything
 * is decided about it; then it is mapped record by record. Records that map become batches
 * of canonical events for the processors; records that do not go to the dead-letter store
 * with their reason, and deliberate skips are counted.
 */
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    private static final ObjectMapper HEADERS = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final MappingEngine mappings;
    private final Catalog catalog;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int batchSize;
    private final int groups;
    private final long maxPayloadBytes;
    private final IntakeMeter meter;
    private final BookRules bookRules;

    /**
     * {@code maxPayloadBytes} bounds what is mapped: a payload is mapped in memory, so a
     * larger one is stored and refused whole instead of exhausting the heap.
     */
    public Intake(JdbcTemplate jdbc, TransactionTemplate transaction, MappingEngine mappings,
            Catalog catalog, DeadLetters deadLetters, Clock clock, int batchSize, int groups,
            long maxPayloadBytes, IntakeMeter meter) {
        this(jdbc, transaction, mappings, catalog, deadLetters, clock, batchSize, groups,
                maxPayloadBytes, meter, null);
    }

    /** As above, with the validation rules that read the books (null: none are checked). */
    public Intake(JdbcTemplate jdbc, TransactionTemplate transaction, MappingEngine mappings,
            Catalog catalog, DeadLetters deadLetters, Clock clock, int batchSize, int groups,
            long maxPayloadBytes, IntakeMeter meter, BookRules bookRules) {
        this.bookRules = bookRules;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.mappings = mappings;
        this.catalog = catalog;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.batchSize = batchSize;
        this.groups = groups;
        this.maxPayloadBytes = maxPayloadBytes;
        this.meter = meter;
    }

    /** The outcome of receiving one payload. */
    public record Receipt(long inboundMessageId, List<EventBatch> batches, int records,
            int rejected, int skipped) {
    }

    /**
     * How a payload came in: the route (source) that took it, the headers it came with as
     * the sender named them, and for a replay the time its first delivery was received,
     * which rows without a time of their own take as their business time. Any may be null.
     */
    public record Delivery(String route, Map<String, String> headers, Instant firstReceivedAt) {
    }

    public Receipt receive(String channel, String account, String messageType,
            String sourceRef, byte[] payload, Map<String, String> attributes,
            Delivery delivery) {
        String sha = sha256(payload);
        Stored stored = store(channel, account, messageType, sourceRef, sha, delivery,
                (statement, index) -> statement.setBytes(index, payload));
        long id = stored.id();
        meter.received(channel, account);

        // What the hub knows of the sender always wins over anything the sender supplied.
        Map<String, String> bound = new HashMap<>(attributes);
        Instant firstReceived = delivery.firstReceivedAt() != null ? delivery.firstReceivedAt()
                : stored.firstReceived();
        bound.put("receivedAt", firstReceived.toString());
        if (payload.length > maxPayloadBytes) {
            return refuseWhole(id, channel, account, sourceRef, new byte[0], "payload",
                    "PAYLOAD_TOO_LARGE", tooLarge(payload.length, id));
        }
        var known = catalog.account(channel, account);
        if (known.isEmpty()) {
            return refuseWhole(id, channel, account, sourceRef, payload, "account",
                    "UNKNOWN_ACCOUNT", "channel " + channel + " has no account " + account
                            + " in the catalog");
        }
        bound.put("legalEntity", known.get().legalEntity());
        // For channels whose payloads may leave the currency out (it is the store's own).
        catalog.currency(known.get().legalEntity())
                .ifPresent(currency -> bound.put("entityCurrency", currency.trim()));
        if (known.get().location() != null) {
            bound.put("location", known.get().location());
        } else {
            bound.remove("location");
        }

        InboundMessage message = new InboundMessage(id, channel, account, messageType,
                sourceRef, payload, bound);
        List<MappedRecord> records;
        try {
            records = mappings.map(message);
        } catch (IllegalArgumentException e) {
            return refuseWhole(id, channel, account, sourceRef, payload, "messageType",
                    "NO_MAPPING", e.getMessage());
        }
        return dispatch(message, records);
    }

    /** The most bytes a payload may have to be mapped; larger ones are stored and refused. */
    public long maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * A payload too large to map, taken from where it lies (a file on disk) without ever
     * being held in memory: its digest is read through it once, then it is streamed into the
     * inbound message store and refused whole as {@code PAYLOAD_TOO_LARGE}, so the partner's
     * bytes are kept, exactly, for whoever splits and sends them again.
     */
    public Receipt receiveUnread(String channel, String account, String messageType,
            String sourceRef, Path payload, Delivery delivery) {
        long length;
        Stored stored;
        try (InputStream bytes = Files.newInputStream(payload)) {
            length = Files.size(payload);
            String sha = sha256(payload);
            stored = store(channel, account, messageType, sourceRef, sha, delivery,
                    (statement, index) -> statement.setBinaryStream(index, bytes, length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload " + sourceRef, e);
        }
        meter.received(channel, account);

        log.info("Payload stored unread channel={} account={} source={} inboundId={} bytes={}",
                channel, account, sourceRef, stored.id(), length);
        return refuseWhole(stored.id(), channel, account, sourceRef, new byte[0], "payload",
                "PAYLOAD_TOO_LARGE", tooLarge(length, stored.id()));
    }

    private String tooLarge(long length, long id) {
        return "the payload has " + length + " bytes; this hub maps at most " + maxPayloadBytes
                + " (hub.intake.max-payload-bytes); it is kept whole as inbound message " + id
                + ": split it into smaller files and send them again";
    }

    private Receipt dispatch(InboundMessage message, List<MappedRecord> records) {
        Map<String, List<EventBatch.Record>> pending = new TreeMap<>();
        Map<String, Integer> pendingEvents = new HashMap<>();
        List<EventBatch> batches = new ArrayList<>();
        int rejected = 0;
        int skipped = 0;
        RuleSet rules = mappings.catalog().rules(message.channel())
                .forAccount(message.account());
        for (MappedRecord mappedRecord : records) {
            MappedRecord record = bookRules(message, rules, mappedRecord);
            if (record instanceof MappedRecord.Events mapped) {
                String group = message.channel() + "/" + message.account() + "/"
                        + Math.floorMod(routingKey(mapped.events()).hashCode(), groups);
                pending.computeIfAbsent(group, g -> new ArrayList<>())
                        .add(new EventBatch.Record(mapped.recordRef(), mapped.rawRecord(),
                                mapped.events()));
                int events = pendingEvents.merge(group, mapped.events().size(), Integer::sum);
                if (events >= batchSize) {
                    batches.add(batch(message, group, pending.remove(group)));
                    pendingEvents.remove(group);
                }
            } else if (record instanceof MappedRecord.Rejected bad) {
                String stage = bad.reasonCode().startsWith("RULE_") ? "RULES" : "MAPPING";
                deadLetters.store(new DeadLetters.Entry(message.id(), message.channel(),
                        message.account(), message.sourceRef(), bad.recordRef(), stage,
                        bad.field(), bad.reasonCode(), bad.reason(), bad.rawRecord(), null,
                        null));
                rejected++;
            } else if (record instanceof MappedRecord.Skipped skip) {
                jdbc.update("""
                        insert into skipped_record (inbound_message_id, channel, record_ref,
                            reason_code) values (?, ?, ?, ?)""",
                        message.id(), message.channel(), skip.recordRef(), skip.reasonCode());
                skipped++;
            }
        }
        pending.forEach((group, rest) -> batches.add(batch(message, group, rest)));
        meter.accepted(message.channel(), message.account(), records.size() - rejected - skipped);

        jdbc.update("""
                update inbound_message set record_count = ?, batches_sent = ?,
                    mapped_at = clock_timestamp(),
                    completed_at = case when ? = 0 then clock_timestamp() end,
                    status = case when ? = 0 then 'COMPLETE' else 'MAPPED' end
                where id = ?""", records.size(), batches.size(), batches.size(), batches.size(),
                message.id());
        log.info("Message received channel={} account={} source={} inboundId={} records={}"
                + " batches={} rejected={} skipped={}", message.channel(), message.account(),
                message.sourceRef(), message.id(), records.size(), batches.size(), rejected,
                skipped);
        return new Receipt(message.id(), batches, records.size(), rejected, skipped);
    }

    /** The record as the rules that read the books leave it: as mapped, or refused. */
    private MappedRecord bookRules(InboundMessage message, RuleSet rules,
            MappedRecord record) {
        if (bookRules == null || !rules.needsBooks()
                || !(record instanceof MappedRecord.Events events)) {
            return record;
        }
        RuleViolation broken = bookRules.check(message, rules, events);
        return broken == null ? record : broken.rejection(message.channel(),
                message.account(), record.recordRef(), record.rawRecord());
    }

    /**
     * What orders a record against others: the location and SKU its first event is about.
     * Records with the same key keep their order; others may be applied side by side.
     */
    static String routingKey(List<CanonicalEvent> events) {
        CanonicalEvent first = events.get(0);
        if (first instanceof OrderPlaced e) {
            return lineKey(e.lines());
        } else if (first instanceof SaleCompleted e) {
            return lineKey(e.lines());
        } else if (first instanceof ShipmentConfirmed e) {
            return lineKey(e.lines());
        } else if (first instanceof ReturnReceived e) {
            return e.location() + "/" + e.sku();
        } else if (first instanceof VendorStockReported e) {
            return e.location() + "/" + e.sku();
        } else if (first instanceof PurchaseReceived e) {
            return e.location() + "/" + e.sku();
        } else if (first instanceof StockMoved e) {
            return e.fromLocation() + "/" + e.sku();
        } else if (first instanceof OrderCancelled e) {
            return e.orderRef();
        } else if (first instanceof OrderRevised e) {
            // With the order's placement, whose first line leads the same way.
            return e.lines().isEmpty() ? e.orderRef()
                    : e.lines().get(0).location() + "/" + e.lines().get(0).sku();
        } else if (first instanceof CountRecorded e) {
            return e.location() + "/" + e.sku();
        }
        return "";
    }

    private static String lineKey(List<OrderLine> lines) {
        return lines.get(0).location() + "/" + lines.get(0).sku();
    }

    private static EventBatch batch(InboundMessage message, String group,
            List<EventBatch.Record> records) {
        return new EventBatch(message.id(), message.channel(), message.account(),
                message.sourceRef(), group, List.copyOf(records));
    }

    private Receipt refuseWhole(long id, String channel, String account, String sourceRef,
            byte[] payload, String field, String reasonCode, String reason) {
        deadLetters.store(new DeadLetters.Entry(id, channel, account, sourceRef, sourceRef,
                "INTAKE", field, reasonCode, reason,
                new String(payload, java.nio.charset.StandardCharsets.UTF_8), null, null));
        jdbc.update("update inbound_message set record_count = 1, batches_sent = 0,"
                + " mapped_at = clock_timestamp(), completed_at = clock_timestamp(),"
                + " status = 'COMPLETE' where id = ?", id);
        return new Receipt(id, List.of(), 1, 1, 0);
    }

    /** A payload as stored, and when the same payload first came from the same source. */
    private record Stored(long id, Instant firstReceived) {
    }

    /**
     * Stores the payload in its own transaction, so it is kept whatever happens next.
     * Copies of one payload from one source are stored one after another (a lock on their
     * digest, held to commit): each copy then sees the first one's time of receipt, even
     * when a partner sends the same request many times at once.
     */
    private Stored store(String channel, String account, String messageType, String sourceRef,
            String sha, Delivery delivery, PayloadBinder payload) {
        String headers = headersJson(delivery.headers());
        return transaction.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))",
                    rs -> { }, channel + "/" + account + "/" + sourceRef + "/" + sha);
            long id = jdbc.query(connection -> {
                PreparedStatement insert = connection.prepareStatement("""
                        insert into inbound_message (channel, account, message_type,
                            source_ref, payload, payload_sha256, received_at, route, headers)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) returning id""");
                insert.setString(1, channel);
                insert.setString(2, account);
                insert.setString(3, messageType);
                insert.setString(4, sourceRef);
                payload.bind(insert, 5);
                insert.setString(6, sha);
                insert.setTimestamp(7, java.sql.Timestamp.from(clock.instant()));
                insert.setString(8, delivery.route());
                insert.setString(9, headers);
                return insert;
            }, rs -> {
                rs.next();
                return rs.getLong(1);
            });
            return new Stored(id, firstReceived(channel, account, sourceRef, sha));
        });
    }

    /** Puts the payload into the statement that stores it: bytes, or a stream of them. */
    @FunctionalInterface
    private interface PayloadBinder {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private static String headersJson(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        try {
            // JSON text cannot hold a zero character either; headers are for reading.
            Map<String, String> readable = new TreeMap<>();
            headers.forEach((name, value) -> readable.put(name.replace('\u0000', '\uFFFD'),
                    value == null ? null : value.replace('\u0000', '\uFFFD')));
            return HEADERS.writeValueAsString(readable);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers could not be written", e);
        }
    }

    /**
     * When this payload first came from this source. Rows that give no time of their own
     * take it as their business time, so a file delivered again maps to the very same
     * events and changes nothing, instead of conflicting with itself.
     */
    private Instant firstReceived(String channel, String account, String sourceRef,
            String sha) {
        return jdbc.queryForObject("""
                select min(received_at) from inbound_message
                where channel = ? and account = ? and source_ref = ? and payload_sha256 = ?""",
                java.sql.Timestamp.class, channel, account, sourceRef, sha)
                .toInstant();
    }

    /** The SHA-256 of a file, read through once in small pieces. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
