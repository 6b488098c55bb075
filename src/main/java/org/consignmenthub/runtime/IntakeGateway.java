package org.consignmenthub.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.intake.AcknowledgementOutbox;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.intake.SourceHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Camel routes hand payloads to intake. Files arrive as
 * {@code <channel>/<account>/<file>} under the drop folder (local or SFTP); HTTP requests
 * carry their channel, account and message type in headers set by their route; Kafka
 * records come from a topic named after their channel; JMS messages from a queue whose route
 * names the channel. The body
 * becomes the JSON batches to put on the processing queue.
 */
public class IntakeGateway {

    public static final String CHANNEL = "hubChannel";
    public static final String ACCOUNT = "hubAccount";
    public static final String MESSAGE_TYPE = "hubMessageType";
    public static final String INBOUND_ID = "hubInboundId";
    public static final String GROUP = "JMSXGroupID";
    private static final Logger log = LoggerFactory.getLogger(IntakeGateway.class);
    private static final String PAYLOAD = "hubPayload";
    /** The message type of a file that no mapping of its channel takes. */
    private static final String UNRECOGNISED_FILE = "unrecognised-file";

    private final Intake intake;
    private final MappingEngine mappings;
    private final AcknowledgementOutbox acknowledgements;
    private final SourceHealth sourceHealth;
    private final ObjectMapper json = CanonicalJson.mapper();

    public IntakeGateway(Intake intake, MappingEngine mappings,
            AcknowledgementOutbox acknowledgements, SourceHealth sourceHealth) {
        this.intake = intake;
        this.mappings = mappings;
        this.acknowledgements = acknowledgements;
        this.sourceHealth = sourceHealth;
    }

    public void receiveFile(Exchange exchange) throws IOException {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        Path path = Path.of(relative);
        if (path.getNameCount() != 3) {
            throw new IllegalArgumentException("a partner file must sit in"
                    + " <channel>/<account>/, not at " + relative);
        }
        String channel = path.getName(0).toString();
        String account = path.getName(1).toString();
        String fileName = path.getFileName().toString();
        String messageType;
        try {
            messageType = mappings.catalog().messageTypeForFile(channel, fileName);
        } catch (IllegalArgumentException noMapping) {
            // Stored, then refused as NO_MAPPING like any other payload: a file in a folder
            // no mapping reads must reach the dead-letter store, not only the .error folder.
            messageType = UNRECOGNISED_FILE;
        }

        Map<String, String> attributes = new HashMap<>();
        attributes.put("fileName", fileName);
        Map<String, String> headers = new TreeMap<>(attributes);
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null) {
            headers.put("fileLength", length.toString());
        }
        Long modified = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        if (modified != null) {
            headers.put("fileLastModified", Instant.ofEpochMilli(modified).toString());
        }
        Path unread = tooLargeToRead(exchange);
        if (unread != null) {
            // Nothing of it is read, so there is nothing to acknowledge line by line either.
            receiveUnread(exchange, channel, account, messageType, relative, unread, headers);
            return;
        }
        receive(exchange, channel, account, messageType, relative, attributes, headers);

        // After the payload is stored: a partner told "accepted" can rely on the hub having it.
        long inboundId = exchange.getIn().getHeader(INBOUND_ID, Long.class);
        try {
            acknowledgements.acknowledge(channel, account, messageType, relative, inboundId,
                    payload(exchange));
        } catch (RuntimeException e) {
            // The file is stored and its batches are on their way; a lost answer must not
            // send the file to .error and hold its documents back.
            log.error("Functional acknowledgement failed channel={} account={} source={}"
                    + " inboundId={} cause={}", channel, account, relative, inboundId,
                    e.getMessage());
        }
    }

    /**
     * The file on disk behind a delivery above the mapping limit, so that it is streamed
     * into the store instead of read into memory; null for a delivery to read as usual. An
     * SFTP file lies on disk too: the route fetches it into a local work folder. The size is
     * taken from the file itself: the length a listing announced may be from mid-upload.
     */
    private Path tooLargeToRead(Exchange exchange) throws IOException {
        String fetched = exchange.getIn().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        Path file = fetched != null ? Path.of(fetched) : localFile(exchange);
        if (file == null || Files.size(file) <= intake.maxPayloadBytes()) {
            return null;
        }
        return file;
    }

    private static Path localFile(Exchange exchange) {
        if (exchange.getIn().getBody() instanceof GenericFile<?> generic
                && generic.getFile() instanceof File local) {
            return local.toPath();
        }
        return null;
    }

    private void receiveUnread(Exchange exchange, String channel, String account,
            String messageType, String sourceRef, Path file, Map<String, String> headers)
            throws JsonProcessingException {
        exchange.setProperty(PAYLOAD, new byte[0]);
        String route = exchange.getFromRouteId();
        hand(exchange, route, () -> intake.receiveUnread(channel, account, messageType,
                sourceRef, file, new Intake.Delivery(route, headers, null)));
    }

    private byte[] payload(Exchange exchange) {
        return exchange.getProperty(PAYLOAD, byte[].class);
    }

    /**
     * A record from a Kafka topic named after its channel. The account comes from the
     * record's {@code account} header, or its key; the message type from a {@code
     * message-type} header, or the channel's only mapping. The record's place in the log
     * (topic, partition, offset) is its source reference, so reading it again after a
     * failure is known as the same record.
     */
    public void receiveKafkaRecord(Exchange exchange) throws JsonProcessingException {
        var in = exchange.getIn();
        String topic = in.getHeader(KafkaConstants.TOPIC, String.class);
        String account = kafkaHeader(in, "account");
        if (account == null) {
            account = in.getHeader(KafkaConstants.KEY, String.class);
        }
        if (account == null || account.isBlank()) {
            // Stored and refused like a file from an account nobody knows.
            account = "unknown";
        }
        String messageType = kafkaHeader(in, "message-type");
        if (messageType == null) {
            try {
                messageType = mappings.catalog().messageTypeForFile(topic, topic);
            } catch (IllegalArgumentException noMapping) {
                messageType = UNRECOGNISED_FILE;
            }
        }

        String place = topic + "/" + in.getHeader(KafkaConstants.PARTITION) + "/"
                + in.getHeader(KafkaConstants.OFFSET);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("kafkaTopic", topic);
        Map<String, String> headers = new TreeMap<>(attributes);
        headers.put("kafkaPlace", place);
        receive(exchange, topic, account, messageType, topic + "/" + account + "/kafka:"
                + place, attributes, headers);
    }

    private static String kafkaHeader(Message in, String name) {
        Object value = in.getHeader(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }


    /**
     * A message from a partner's JMS queue (Amazon's notifications, bridged from SQS, for
     * one). The route names the channel; the account comes from the message's string
     * property {@code account}, the message type from {@code messageType}, or else the
     * mapping of the channel whose {@code filePattern} matches the channel's name, as for
     * Kafka. The message id (or, without one, the content's digest) is the source
     * reference, so a redelivery of the same message is known as the same.
     */
    public void receiveQueueMessage(Exchange exchange) throws JsonProcessingException {
        var in = exchange.getIn();
        String channel = in.getHeader(CHANNEL, String.class);
        String account = in.getHeader("account", String.class);
        if (account == null || account.isBlank()) {
            // Stored and refused like a file from an account nobody knows.
            account = "unknown";
        }
        String messageType = in.getHeader("messageType", String.class);
        if (messageType == null || messageType.isBlank()) {
            try {
                messageType = mappings.catalog().messageTypeForFile(channel, channel);
            } catch (IllegalArgumentException noMapping) {
                messageType = UNRECOGNISED_FILE;
            }
        }

        // A text message (as SQS bridges usually send) is stored as its UTF-8 bytes, whatever
        // the platform's default charset.
        if (in.getBody() instanceof String text) {
            in.setBody(text.getBytes(StandardCharsets.UTF_8));
        }
        String messageId = in.getHeader("JMSMessageID", String.class);
        if (messageId == null || messageId.isBlank()) {
            byte[] body = in.getBody(byte[].class);
            messageId = "sha256:" + Intake.sha256(body == null ? new byte[0] : body)
                    .substring(0, 16);
        }
        Map<String, String> headers = new TreeMap<>();
        headers.put("account", account);
        headers.put("messageType", messageType);
        headers.put("jmsMessageId", messageId);
        receive(exchange, channel, account, messageType, channel + "/" + account + "/jms:"
                + messageId, new HashMap<>(), headers);
    }

    public void receiveRequest(Exchange exchange) throws JsonProcessingException {
        var in = exchange.getIn();
        // Read once: a request body may be a stream that a second read finds empty.
        byte[] body = in.getBody(byte[].class);
        in.setBody(body == null ? new byte[0] : body);
        String channel = in.getHeader(CHANNEL, String.class);
        String account = in.getHeader(ACCOUNT, String.class);
        String messageType = in.getHeader(MESSAGE_TYPE, String.class);
        if (messageType == null || messageType.isBlank()) {
            // Stored and refused as NO_MAPPING like any payload nobody can read.
            messageType = "unspecified";
        }
        // Kept as the sender named them; HTTP header names may arrive in any case.
        Map<String, String> headers = new TreeMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (name.regionMatches(true, 0, "X-", 0, 2) && value != null
                    && !isCredential(name)) {
                headers.put(name, value.toString());
            }
        });
        Map<String, String> attributes = attributes(headers);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            headers.put(Exchange.CONTENT_TYPE, contentType);
        }
        String sourceRef = channel + "/" + account + "/" + requestId(exchange);
        receive(exchange, channel, account, messageType, sourceRef, attributes, headers);
    }

    /**
     * Headers that carry a credential (an API key, a shared secret, a token) are never
     * stored: support staff read stored headers, and a replay needs none of them.
     */
    static boolean isCredential(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.equals("x-api-key") || name.contains("secret") || name.contains("token")
                || name.contains("password") || name.contains("auth");
    }

    /**
     * What a mapping may read of a delivery's headers: a file's name, and a request's
     * {@code X-} headers as variables ({@code X-Shopify-Topic} becomes {@code shopifyTopic}).
     * A replay derives them from the stored headers the same way.
     */
    static Map<String, String> attributes(Map<String, String> headers) {
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("X-")) {
                attributes.put(headerVariable(name), value);
            } else if (name.equals("fileName")) {
                attributes.put(name, value);
            }
        });
        return attributes;
    }

    /**
     * The sender's id for the request (webhook id, then X-Request-Id); without one, the
     * content's digest, so that the same request sent again is known as the same.
     */
    private static String requestId(Exchange exchange) {
        for (String header : List.of("X-Webhook-Id", "X-Request-Id")) {
            String id = exchange.getIn().getHeader(header, String.class);
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        return "sha256:" + Intake.sha256(body == null ? new byte[0] : body).substring(0, 16);
    }

    private void receive(Exchange exchange, String channel, String account, String messageType,
            String sourceRef, Map<String, String> attributes, Map<String, String> headers)
            throws JsonProcessingException {
        byte[] payload = exchange.getIn().getBody(byte[].class);
        exchange.setProperty(PAYLOAD, payload == null ? new byte[0] : payload);
        String route = exchange.getFromRouteId();
        hand(exchange, route, () -> intake.receive(channel, account, messageType, sourceRef,
                payload == null ? new byte[0] : payload, attributes,
                new Intake.Delivery(route, headers, null)));
    }

    /**
     * Stores a delivery and passes its receipt on. A delivery that cannot be stored marks its
     * source as failing before the route's error handling takes it.
     */
    private void hand(Exchange exchange, String route, Supplier<Intake.Receipt> storing)
            throws JsonProcessingException {
        Intake.Receipt receipt;
        try {
            receipt = storing.get();
        } catch (RuntimeException failed) {
            sourceHealth.failed(route, failed.toString());
            throw failed;
        }

        judge(route, receipt);
        answer(exchange, receipt);
    }

    /** What goes on to the hand-off: the receipt's figures and its batches, one a message. */
    private void answer(Exchange exchange, Intake.Receipt receipt)
            throws JsonProcessingException {
        exchange.getIn().setHeader(INBOUND_ID, receipt.inboundMessageId());
        exchange.getIn().setHeader("hubRecords", receipt.records());
        exchange.getIn().setHeader("hubRejected", receipt.rejected());
        exchange.getIn().setBody(batchMessages(exchange.getContext(), receipt));
    }

    /**
     * A source whose payload was refused in full (no account, no mapping, not one readable
     * record) failed; one that brought at least one record in, or an empty file, worked.
     */
    private void judge(String route, Intake.Receipt receipt) {
        if (receipt.records() > 0 && receipt.rejected() >= receipt.records()) {
            sourceHealth.failed(route, "inbound message " + receipt.inboundMessageId()
                    + " refused in full: " + receipt.rejected() + " of " + receipt.records()
                    + " records");
        } else {
            sourceHealth.succeeded(route);
        }
    }

    /** Each batch travels as its own message, in its group. */
    List<Message> batchMessages(CamelContext camel, Intake.Receipt receipt)
            throws JsonProcessingException {
        List<Message> batches = new ArrayList<>();
        for (EventBatch batch : receipt.batches()) {
            Message message = new DefaultMessage(camel);
            message.setHeader(GROUP, batch.group());
            message.setHeader(INBOUND_ID, receipt.inboundMessageId());
            message.setBody(json.writeValueAsString(batch));
            batches.add(message);
        }
        return batches;
    }

    /** {@code X-Shopify-Topic} becomes {@code shopifyTopic}, a name a mapping can use. */
    static String headerVariable(String header) {
        String[] words = header.substring(2).split("-");
        StringBuilder name = new StringBuilder(words[0].toLowerCase());
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty()) {
                name.append(Character.toUpperCase(words[i].charAt(0)))
                        .append(words[i].substring(1).toLowerCase());
            }
        }
        return name.toString();
    }
}
