package org.consignmenthub.vendor.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.runtime.IntakeGateway;
import org.consignmenthub.security.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vendor's stock update from the portal goes through the hub's intake as if its own
 * system had sent it: the form as a stock report request of channel {@code vendor-stock-api},
 * an uploaded file as a file of channel {@code vendor-stock} in the vendor's folder. Either
 * way the raw input is stored first, mapped by the channel's mapping, and every bad row
 * lands in the dead-letter store. The vendor is always the signed-in party's, whatever the
 * form or the file says.
 */
class PortalStockUpdates {

    private static final Logger log = LoggerFactory.getLogger(PortalStockUpdates.class);

    private final ProducerTemplate camel;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    PortalStockUpdates(ProducerTemplate camel, Clock clock) {
        this.camel = camel;
        this.clock = clock;
    }

    /**
     * What the form sends. Fields stay text so that a wrong value reaches the mapping and
     * is refused there, with its field named, like a wrong value from any other channel.
     */
    record StockForm(String kind, String sku, String location, String quantity,
            String reference, String occurredAt) {
    }

    /** What intake made of a delivery: its inbound id and how many records it refused. */
    record Receipt(long inboundId, int records, int rejected) {
    }

    Receipt report(Party vendor, StockForm form) {
        String reportId = "portal-" + UUID.randomUUID();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("reportId", reportId);
        report.put("sku", trimmed(form.sku()));
        report.put("location", trimmed(form.location()));
        report.put("kind", trimmed(form.kind()));
        report.put("quantity", trimmed(form.quantity()));
        report.put("reference", trimmed(form.reference()));
        if (trimmed(form.occurredAt()) != null) {
            report.put("occurredAt", trimmed(form.occurredAt()));
        }
        byte[] body = body(Map.of("reports", List.of(report)));

        // The same headers the vendor stock REST route sets before its request is taken in
        // (that route is inlined into the REST endpoint, so it cannot be called itself).
        Exchange done = camel.request("direct:intake-request", exchange -> {
            exchange.getIn().setHeader(IntakeGateway.CHANNEL, "vendor-stock-api");
            exchange.getIn().setHeader(IntakeGateway.ACCOUNT, vendor.vendorCode());
            exchange.getIn().setHeader(IntakeGateway.MESSAGE_TYPE, "stock-report");
            exchange.getIn().setHeader("X-Request-Id", reportId);
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(body);
        });

        Receipt receipt = receiptOf(done);
        log.info("Portal stock report received vendor={} user={} sku={} location={}"
                + " inboundId={} rejected={}", vendor.vendorCode(), vendor.name(),
                report.get("sku"), report.get("location"), receipt.inboundId(),
                receipt.rejected());
        return receipt;
    }

    /**
     * An uploaded stock file, taken in as a file in the vendor's own folder. Its name is
     * made unique per upload: rows are known by file name and line, and a later file under
     * the same name would otherwise collide with an earlier one's rows.
     */
    Receipt upload(Party vendor, String fileName, byte[] content) {
        String stored = "portal-" + clock.millis() + "-" + safeName(fileName);
        String path = "vendor-stock/" + vendor.vendorCode() + "/" + stored;

        Exchange done = camel.request("direct:intake-file", exchange -> {
            exchange.getIn().setHeader(Exchange.FILE_NAME, path);
            exchange.getIn().setHeader(Exchange.FILE_LENGTH, (long) content.length);
            exchange.getIn().setBody(content);
        });

        Receipt receipt = receiptOf(done);
        log.info("Portal stock file received vendor={} user={} file={} inboundId={}"
                + " records={} rejected={}", vendor.vendorCode(), vendor.name(), stored,
                receipt.inboundId(), receipt.records(), receipt.rejected());
        return receipt;
    }

    private static Receipt receiptOf(Exchange done) {
        if (done.getException() != null) {
            throw new IllegalStateException("the hub could not take the stock update in: "
                    + done.getException().getMessage(), done.getException());
        }
        Long inboundId = done.getMessage().getHeader(IntakeGateway.INBOUND_ID, Long.class);
        if (inboundId == null) {
            throw new IllegalStateException("the hub could not take the stock update in now;"
                    + " try again in a minute");
        }
        Integer records = done.getMessage().getHeader("hubRecords", Integer.class);
        Integer rejected = done.getMessage().getHeader("hubRejected", Integer.class);
        return new Receipt(inboundId, records == null ? 0 : records,
                rejected == null ? 0 : rejected);
    }

    /** Keeps letters, digits, dot, dash and underscore: the name becomes part of a path. */
    static String safeName(String fileName) {
        String name = fileName == null ? "" : fileName.replaceAll(".*[/\\\\]", "");
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (name.isBlank()) {
            throw new Refusal("INVALID_FIELD", "name", "the file needs a name, such as"
                    + " stock.csv");
        }
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private byte[] body(Object value) {
        try {
            return json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stock report could not be written as JSON", e);
        }
    }
}
