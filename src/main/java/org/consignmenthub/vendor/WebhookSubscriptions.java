package org.consignmenthub.vendor;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.security.VendorScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vendor's webhook subscriptions: which events go to which address. The signing secret
 * is made here and shown once, in the answer to the registration. The deliveries
 * themselves are queued by the database in the transaction that changes the books (see
 * migration V12) and sent by {@link WebhookDeliveries}.
 */
public class WebhookSubscriptions {

    /** The events a vendor may subscribe to. */
    public static final List<String> EVENTS = List.of("stock.changed", "title.transferred",
            "invoice.issued", "return.credited", "discrepancy.opened");

    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean allowPrivateTargets;

    public WebhookSubscriptions(JdbcTemplate jdbc, Clock clock, boolean allowPrivateTargets) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** The subscription with its secret: the only time the secret leaves the hub. */
    public Map<String, Object> register(VendorScope scope, String url, List<String> events) {
        URI target = target(url, allowPrivateTargets);
        requireEvents(events);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(bytes(32));

        long id = jdbc.queryForObject("""
                insert into webhook_subscription (vendor, url, events, secret, created_at)
                values (?, ?, ?, ?, ?) returning id""", Long.class, scope.sqlValue(),
                target.toString(), events.toArray(String[]::new), secret,
                Timestamp.from(clock.instant()));
        log.info("Webhook registered vendor={} subscription={} events={}", scope.vendorCode(),
                id, events);

        Map<String, Object> registered = new LinkedHashMap<>(get(scope, id));
        registered.put("secret", secret);
        return registered;
    }

    public List<Map<String, Object>> list(VendorScope scope) {
        return readable(jdbc.queryForList(SELECT
                + " where vendor = ? and removed_at is null order by id", scope.sqlValue()));
    }

    public Map<String, Object> get(VendorScope scope, long id) {
        List<Map<String, Object>> found = readable(jdbc.queryForList(SELECT
                + " where id = ? and vendor = ? and removed_at is null", id, scope.sqlValue()));
        if (found.isEmpty()) {
            throw unknown(id);
        }
        return found.get(0);
    }

    /** Stops deliveries to the address; those already pending are not sent. */
    public void remove(VendorScope scope, long id) {
        int removed = jdbc.update("update webhook_subscription set removed_at = ?"
                + " where id = ? and vendor = ? and removed_at is null",
                Timestamp.from(clock.instant()), id, scope.sqlValue());
        if (removed == 0) {
            throw unknown(id);
        }
        log.info("Webhook removed vendor={} subscription={}", scope.vendorCode(), id);
    }

    /** The latest deliveries of one subscription, newest first. */
    public List<Map<String, Object>> deliveries(VendorScope scope, long id, int limit) {
        get(scope, id);
        return jdbc.queryForList("""
                select id, event_type as "eventType", status, attempts,
                    last_status as "lastStatus", last_error as "lastError",
                    created_at as "createdAt", next_attempt_at as "nextAttemptAt",
                    delivered_at as "deliveredAt", payload::text as payload
                from webhook_delivery where subscription_id = ? and vendor = ?
                order by id desc limit ?""", id, scope.sqlValue(),
                Math.max(1, Math.min(limit, 500)));
    }

    /**
     * An address the hub may call: http or https with a host. Unless private targets are
     * allowed, every address the host resolves to must be a public one, so that a vendor
     * cannot point the hub at the retailer's own network or at this machine.
     */
    static URI target(String url, boolean allowPrivateTargets) {
        URI target;
        try {
            target = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new Refusal("INVALID_FIELD", "url", "not a URL: " + e.getMessage());
        }
        String scheme = target.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))
                || target.getHost() == null || target.getUserInfo() != null) {
            throw new Refusal("INVALID_FIELD", "url", "an http or https URL with a host and"
                    + " without user info is required, was " + url);
        }
        if (!allowPrivateTargets) {
            requirePublic(target.getHost());
        }
        return target;
    }

    private static void requirePublic(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refusal("INVALID_FIELD", "url", "host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            byte[] raw = address.getAddress();
            boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
            if (address.isLoopbackAddress() || address.isSiteLocalAddress()
                    || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                    || address.isMulticastAddress() || uniqueLocal) {
                throw new Refusal("INVALID_FIELD", "url", "host " + host
                        + " resolves to a private address; webhooks go to public addresses");
            }
        }
    }

    private static void requireEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new Refusal("INVALID_FIELD", "events", "at least one event is required,"
                    + " from " + EVENTS);
        }
        for (int i = 0; i < events.size(); i++) {
            if (!EVENTS.contains(events.get(i))) {
                throw new Refusal("INVALID_FIELD", "events[" + i + "]", "unknown event "
                        + events.get(i) + "; events are " + EVENTS);
            }
        }
    }

    private static List<Map<String, Object>> readable(List<Map<String, Object>> rows) {
        rows.forEach(row -> row.put("events",
                List.of(((String) row.get("events")).split(" "))));
        return rows;
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Refusal unknown(long id) {
        return new Refusal("UNKNOWN_SUBSCRIPTION", "subscription", "there is no webhook"
                + " subscription " + id);
    }

    private static final String SELECT = """
            select id, url, array_to_string(events, ' ') as events,
                created_at as "createdAt"
            from webhook_subscription""";
}
