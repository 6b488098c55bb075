package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.Corpus;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.core.MessageCreator;

/**
 * Amazon's SP-API messages on the hub's JMS queue {@code hub.intake.amazon}, sent as real
 * messages to the embedded broker: a message is stored raw before the broker is told it
 * was taken, what it books is applied once however often it comes, and what it refuses
 * is in the dead-letter store with the raw message.
 */
class AmazonQueueIntakeTest extends HubIntegrationTest {

    private static final String QUEUE = "hub.intake.amazon";
    private static final String DF_ORDER = "amazon/spapi_vendorDF_getOrders_example.json";
    private static final String MIXED_CURRENCY =
            "amazon/spapi_ordersV0_getOrderItems_example_mixed_currency.json";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private EmbeddedActiveMQ broker;

    @LocalServerPort
    private int port;

    private InboundMessages inbox;

    @BeforeEach
    void vendorStockAtL1() {
        inbox = new InboundMessages(books.jdbc());
        books.apply(receipt("R-A", "A", 5), receipt("R-B", "B", 5));
    }

    @Test
    void directFulfilmentOrderIsStoredRawAndAppliedOnceHoweverOftenItComes()
            throws IOException {
        byte[] order = dfOrderOf("A", "B");

        long first = awaitStored(send("vendor-df-orders", order));

        assertThat(inbox.payload(first)).isEqualTo(order);
        assertThat(books.jdbc().queryForObject("select route from inbound_message where id = ?",
                String.class, first)).isEqualTo("intake-jms-amazon");
        await().atMost(InboundMessages.PATIENCE).until(() -> allocated("B") == 2);
        assertThat(allocated("A")).isEqualTo(1);

        long again = awaitStored(send("vendor-df-orders", order));
        inbox.awaitComplete(again);
        awaitAllSettled();
        assertThat(again).isNotEqualTo(first);
        assertThat(allocated("A")).isEqualTo(1);
        assertThat(allocated("B")).isEqualTo(2);
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo(5);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void mixedCurrencyOrderIsRefusedIntoTheDeadLetterStoreAndTakenOffTheQueue() {
        byte[] items = Corpus.bytes(MIXED_CURRENCY);

        String messageId = send("get-order-items", items);
        long id = awaitStored(messageId);
        inbox.awaitComplete(id);

        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).singleElement().satisfies(entry -> {
            assertThat(entry.get("channel")).isEqualTo("amazon");
            assertThat(entry.get("account")).isEqualTo("seller-us");
            assertThat(entry.get("field"))
                    .isEqualTo("OrderItems[0].BuyerInfo.GiftWrapPrice.CurrencyCode");
            assertThat(entry.get("reason_code")).isEqualTo("MIXED_CURRENCY");
        });
        assertThat(inbox.payload(id)).isEqualTo(items);
        await("the message is acknowledged").atMost(InboundMessages.PATIENCE)
                .until(() -> queued() == 0);
        assertThat(inbox.ids("amazon", "amazon/seller-us/jms:" + messageId)).hasSize(1);
    }

    @Test
    void notificationWithoutMessageTypeIsReadAsOneAndInventoryUpdateSetsTheVendorsLevel()
            throws IOException {
        String notice = sendText(new String(Corpus.bytes(
                "amazon/spapi_notification_order_change_example.json"), StandardCharsets.UTF_8)
                .replace("Buyer Requested Cancel", "Buyer Requested Cancel \u2014 \u00e9t\u00e9"));
        long noticeId = awaitStored(notice);
        inbox.awaitComplete(noticeId);
        assertThat(books.jdbc().queryForObject("select message_type from inbound_message"
                + " where id = ?", String.class, noticeId)).isEqualTo("notification");
        assertThat(new String(inbox.payload(noticeId), StandardCharsets.UTF_8))
                .contains("Buyer Requested Cancel \u2014 \u00e9t\u00e9");
        assertThat(books.jdbc().queryForObject("select reason_code from skipped_record"
                + " where inbound_message_id = ?", String.class, noticeId))
                .isEqualTo("BUYER_CANCEL_REQUESTED");

        ObjectNode update = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_vendorDF_submitInventoryUpdate_request.json"));
        ((ObjectNode) update.at("/inventory/sellingParty")).put("partyId", "V1");
        ((ObjectNode) update.at("/inventory/items/0")).put("vendorProductIdentifier", "A");
        ((ObjectNode) update.at("/inventory/items/1")).put("vendorProductIdentifier", "B");
        ((com.fasterxml.jackson.databind.node.ArrayNode) update.at("/inventory/items"))
                .remove(2);
        String sent = send("V1", "vendor-df-inventory", PLAIN.writeValueAsBytes(update));
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> !inbox.ids("amazon", "amazon/V1/jms:" + sent).isEmpty());
        inbox.awaitComplete(inbox.ids("amazon", "amazon/V1/jms:" + sent).get(0));

        // The levels 10 and 15 replace the 5 units each the vendor had.
        await().atMost(InboundMessages.PATIENCE).until(() -> books.onHand("V1", "B", "L1") == 15);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void replayingTheAmazonInboxChangesNothing() throws IOException {
        inbox.awaitComplete(awaitStored(send("vendor-df-orders", dfOrderOf("A", "B"))));
        inbox.awaitComplete(awaitStored(send("get-order-items", Corpus.bytes(MIXED_CURRENCY))));
        await().atMost(InboundMessages.PATIENCE).until(() -> allocated("B") == 2);
        awaitAllSettled();
        List<Map<String, Object>> positions = positions();
        long movements = movements();

        ApiClient.Answer replay = new ApiClient(port, "sam.support")
                .post("/api/inbox/replay?channel=amazon");

        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(replay.json().get("messages").asInt()).isEqualTo(2);
        replay.json().get("inboundMessages").forEach(id -> inbox.awaitComplete(id.asLong()));
        awaitAllSettled();
        assertThat(positions()).isEqualTo(positions);
        assertThat(movements()).isEqualTo(movements);
        assertThat(books.deadLetters()).singleElement()
                .satisfies(entry -> assertThat(entry.get("reason_code"))
                        .isEqualTo("MIXED_CURRENCY"));
    }

    private List<Map<String, Object>> positions() {
        return books.jdbc().queryForList("select * from stock_position order by 1, 2, 3, 4, 5");
    }

    private long movements() {
        return books.jdbc().queryForObject("select count(*) from stock_movement", Long.class);
    }

    @Test
    void aMessageStaysOnTheQueueUntilItIsStored() throws Exception {
        byte[] order = dfOrderOf("A", "B");
        String messageId;
        try (Connection blocker = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password())) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                // Inserts into the inbox wait for this transaction; reads go on.
                lock.execute("lock table inbound_message in share row exclusive mode");
            }

            messageId = send("vendor-df-orders", order);
            await("the message is delivered and not acknowledged")
                    .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> queued() == 1 && stored(messageId).isEmpty());
            blocker.rollback();
        }

        long id = awaitStored(messageId);
        inbox.awaitComplete(id);
        await("acknowledged once stored").atMost(InboundMessages.PATIENCE)
                .until(() -> queued() == 0);
        await().atMost(InboundMessages.PATIENCE).until(() -> allocated("B") == 2);
        assertThat(stored(messageId)).hasSize(1);
    }

    private byte[] dfOrderOf(String firstSku, String secondSku) throws IOException {
        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(DF_ORDER));
        ObjectNode details = (ObjectNode) page.at("/orders/0/orderDetails");
        ((ObjectNode) details.at("/items/0")).put("vendorProductIdentifier", firstSku);
        ((ObjectNode) details.at("/items/1")).put("vendorProductIdentifier", secondSku);
        return PLAIN.writeValueAsBytes(page);
    }

    private String send(String messageType, byte[] body) {
        return send("seller-us", messageType, body);
    }

    private String send(String account, String messageType, byte[] body) {
        return send(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("account", account);
            if (messageType != null) {
                message.setStringProperty("messageType", messageType);
            }
            return message;
        });
    }

    /** A text message without a message type, as an SQS bridge forwards a notification. */
    private String sendText(String body) {
        return send(session -> {
            jakarta.jms.Message message = session.createTextMessage(body);
            message.setStringProperty("account", "seller-us");
            return message;
        });
    }

    /** Puts one message on the intake queue; its JMS id is how the stored row is found. */
    private String send(MessageCreator creator) {
        AtomicReference<jakarta.jms.Message> sent = new AtomicReference<>();
        new JmsTemplate(connectionFactory).send(QUEUE, session -> {
            jakarta.jms.Message message = creator.createMessage(session);
            sent.set(message);
            return message;
        });
        try {
            return sent.get().getJMSMessageID();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private long awaitStored(String messageId) {
        await("message " + messageId + " stored").atMost(InboundMessages.PATIENCE)
                .until(() -> !stored(messageId).isEmpty());
        return stored(messageId).get(0);
    }

    private List<Long> stored(String messageId) {
        return inbox.ids("amazon", "amazon/seller-us/jms:" + messageId);
    }

    private void awaitAllSettled() {
        await("every batch settled").atMost(InboundMessages.PATIENCE).until(() ->
                books.jdbc().queryForObject("select count(*) from inbound_message"
                        + " where status <> 'COMPLETE'", Long.class) == 0);
    }

    private long queued() {
        var queue = broker.getActiveMQServer().locateQueue(SimpleString.of(QUEUE));
        return queue == null ? 0 : queue.getMessageCount();
    }

    private long allocated(String sku) {
        return books.bucket("V1", sku, "L1", "ALLOCATED");
    }

    private static VendorStockReported receipt(String id, String sku, long quantity) {
        return new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", id, 0), "V1", "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, id,
                Instant.parse("2026-11-01T09:00:00Z"));
    }
}
