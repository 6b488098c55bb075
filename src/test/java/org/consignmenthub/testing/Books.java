package org.consignmenthub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.CatalogLoader;
import org.consignmenthub.processing.EventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub's books as a test sees them: it empties them, loads a catalog, applies canonical
 * events through the real processor, reads positions, transfers and billing lines, and
 * checks the ledger invariants of the design.
 */
@TestComponent
public class Books {

    private final JdbcTemplate jdbc;
    private final CatalogLoader catalogLoader;
    private final Catalog catalog;
    private final Agreements agreements;
    private final EventProcessor processor;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public Books(JdbcTemplate jdbc, CatalogLoader catalogLoader, Catalog catalog,
            Agreements agreements, EventProcessor processor,
            ObjectProvider<EmbeddedActiveMQ> broker) {
        this.jdbc = jdbc;
        this.catalogLoader = catalogLoader;
        this.catalog = catalog;
        this.agreements = agreements;
        this.processor = processor;
        this.broker = broker;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Empties every table the hub writes, keeping the schema. */
    public void reset() {
        dropMessagesInFlight();
        emptyTables(jdbc);
        catalog.forget();
        agreements.forget();
    }

    /**
     * Empties every table of the database but the migrations' history and the credentials
     * (users, API clients and keys, declared once when the hub starts), if there are any.
     */
    public static void emptyTables(JdbcTemplate jdbc) {
        List<String> tables = jdbc.queryForList("""
                select tablename from pg_tables
                where schemaname = current_schema()
                  and tablename not in ('flyway_schema_history', 'hub_user', 'api_client',
                                        'api_key')""",
                String.class);
        if (tables.isEmpty()) {
            return;
        }
        // Hubs of other test classes stay alive in the cache and their timers still read
        // the tables; a truncate that meets one of them in a deadlock is simply tried again.
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.execute("truncate table " + String.join(", ", tables)
                        + " restart identity cascade");
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 5) {
                    throw deadlock;
                }
            }
        }
    }

    /**
     * Drops whatever an earlier test left on the embedded broker's queues, including batches
     * waiting for a delayed redelivery, and waits for batches being processed to finish. A
     * test that ends before all of its work is applied would otherwise have that work land
     * in the next test's books.
     */
    private void dropMessagesInFlight() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null) {
            return;
        }
        ActiveMQServer server = embedded.getActiveMQServer();
        await("queues of the embedded broker empty").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> purged(server));
    }

    private static boolean purged(ActiveMQServer server) throws Exception {
        boolean quiet = true;
        for (String name : server.getActiveMQServerControl().getQueueNames()) {
            Queue queue = server.locateQueue(name);
            if (queue == null || queue.isTemporary() || name.startsWith("$")) {
                continue;
            }
            queue.deleteAllReferences();
            quiet &= queue.getDeliveringCount() == 0 && queue.getMessageCount() == 0;
        }
        return quiet;
    }

    public void loadCatalog(String resource) {
        try (InputStream in = Books.class.getClassLoader().getResourceAsStream(resource)) {
            catalogLoader.load(CatalogLoader.parse(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Applies the events through the processor as one inbound message, one record per
     * event; the raw payload stored is the events' JSON.
     */
    public void apply(CanonicalEvent... events) {
        for (CanonicalEvent event : events) {
            applyRecord(event);
        }
    }

    /** Applies several events as one record: all of them or none. */
    public void applyRecord(CanonicalEvent... events) {
        String json = CanonicalJson.eventsJson(List.of(events));
        Long inboundId = jdbc.queryForObject("""
                insert into inbound_message (channel, account, message_type, source_ref,
                    payload, payload_sha256, record_count, batches_sent)
                values (?, ?, 'canonical', 'test', ?, 'n/a', 1, 1) returning id""",
                Long.class, events[0].key().channel(), events[0].key().account(),
                json.getBytes(StandardCharsets.UTF_8));
        processor.process(new EventBatch(inboundId, events[0].key().channel(),
                events[0].key().account(), "test", "test",
                List.of(new EventBatch.Record("test:" + inboundId, json, List.of(events)))));
    }


    /** Units of the owner on hand at the location: available, allocated and damaged. */
    public long onHand(String owner, String sku, String location) {
        return jdbc.queryForObject("""
                select coalesce(sum(quantity), 0) from stock_position
                where owner = ? and sku = ? and location = ?
                  and bucket in ('AVAILABLE', 'ALLOCATED', 'DAMAGED')""",
                Long.class, owner, sku, location);
    }

    public long bucket(String owner, String sku, String location, String bucket) {
        return jdbc.queryForObject("""
                select coalesce(sum(quantity), 0) from stock_position
                where owner = ? and sku = ? and location = ? and bucket = ?""",
                Long.class, owner, sku, location, bucket);
    }

    /** Billing lines of a vendor, oldest first: kind, quantity, net, tax, period month. */
    public List<Map<String, Object>> billingLines(String vendor) {
        return jdbc.queryForList("""
                select id, kind, sku, quantity, unit_price, net_amount, tax_amount,
                    to_char(business_date, 'YYYY-MM-DD') as business_date,
                    to_char(period_month, 'YYYY-MM') as period, reverses_line, document_id
                from billing_line where vendor = ? order by id""", vendor);
    }

    public BigDecimal netPayable(String vendor) {
        return jdbc.queryForObject("select coalesce(sum(net_amount), 0) from billing_line"
                + " where vendor = ?", BigDecimal.class, vendor);
    }

    public List<Map<String, Object>> deadLetters() {
        return jdbc.queryForList("select * from dead_letter order by id");
    }

    /**
     * The invariants of the design: positions equal the sum of their journal, nothing is
     * negative, every movement has a cause, every title transfer has exactly one invoice
     * line, no credit exceeds the line it reverses, every line of a closed settlement month
     * is on a document, document numbers have no gaps.
     */
    public void assertInvariants() {
        assertInvariants(jdbc);
    }

    /** The same checks, for a database a hub in another process writes to. */
    public static void assertInvariants(JdbcTemplate jdbc) {
        assertThat(jdbc.queryForList("""
                select p.legal_entity, p.location, p.sku, p.owner, p.bucket
                from stock_position p
                full join (select legal_entity, location, sku, owner, bucket,
                                  sum(quantity) as total
                           from stock_movement group by 1, 2, 3, 4, 5) m
                  using (legal_entity, location, sku, owner, bucket)
                where coalesce(p.quantity, 0) <> coalesce(m.total, 0)"""))
                .as("stored positions equal the sum of their movements").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from stock_position where quantity < 0",
                Long.class)).as("no negative position").isZero();
        assertThat(jdbc.queryForObject("select count(*) from stock_movement"
                + " where cause is null or cause = ''", Long.class))
                .as("every movement has a cause").isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from title_transfer t
                where (select count(*) from billing_line b
                       where b.transfer_id = t.id and b.kind = 'INVOICE') <> 1""", Long.class))
                .as("every title transfer has exactly one invoice line").isZero();
        assertThat(jdbc.queryForList("""
                select i.id, i.quantity, i.net_amount, i.tax_amount,
                    c.units as credited_units, c.net as credited_net, c.tax as credited_tax
                from billing_line i
                join (select reverses_line, -sum(quantity) as units, -sum(net_amount) as net,
                          -sum(tax_amount) as tax
                      from billing_line where kind = 'CREDIT_NOTE' group by reverses_line) c
                  on c.reverses_line = i.id
                where c.units > i.quantity or c.net > i.net_amount or c.tax > i.tax_amount
                   or (c.units = i.quantity
                       and (c.net <> i.net_amount or c.tax <> i.tax_amount))"""))
                .as("the credits of an invoice line exceed neither its quantity, net nor tax,"
                        + " and reverse it exactly once all of it is returned").isEmpty();
        assertThat(jdbc.queryForObject("""
                select count(*) from billing_line
                where kind = 'CREDIT_NOTE' and (net_amount > 0 or tax_amount > 0)""",
                Long.class)).as("no credit line adds to what the vendor is owed").isZero();
        assertThat(jdbc.queryForList("""
                select b.id, b.vendor, b.kind, b.period_month from billing_line b
                join settlement_period p on p.legal_entity = b.legal_entity
                  and p.vendor = b.vendor and p.period_month = b.period_month
                where p.status = 'CLOSED' and b.document_id is null"""))
                .as("every invoice or credit line in a closed period has a document").isEmpty();
        assertThat(jdbc.queryForObject("""
                select count(*) from (
                    select legal_entity, vendor, kind, count(*) as n,
                        max(sequence_number) as top, count(distinct sequence_number) as d
                    from billing_document group by 1, 2, 3) s
                where n <> top or d <> n""", Long.class))
                .as("document numbers run 1..n without gaps or repeats").isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from stock_movement
                where reason not in ('RECEIPT', 'PURCHASE_RECEIPT', 'LEVEL_REPORTED',
                    'RESERVATION', 'RELEASE', 'SHIPMENT', 'SHIPPED_SOLD', 'CUSTOMER_RETURN',
                    'LOCATION_MOVE', 'VENDOR_CHARGEABLE', 'RETAILER_LIABLE',
                    'VENDOR_ADJUSTMENT', 'RETURN_TO_VENDOR')""", Long.class))
                .as("every movement has a known reason").isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from (select cause, sku from stock_movement
                    where reason in ('RESERVATION', 'RELEASE', 'SHIPMENT', 'LOCATION_MOVE')
                    group by cause, sku having sum(quantity) <> 0) unbalanced""", Long.class))
                .as("internal movements create and destroy no units").isZero();
    }
}
