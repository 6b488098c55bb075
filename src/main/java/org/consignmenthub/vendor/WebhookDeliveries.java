package org.consignmenthub.vendor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.consignmenthub.canonical.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends queued webhook deliveries from the outbox table, signed, each until the receiver
 * answers 2xx. A delivery that fails is tried again after a delay that doubles up to a
 * ceiling, and marked FAILED (visible to the vendor) only after the last attempt, so a
 * receiver that is down for a while loses nothing. Deliveries are claimed with a lease
 * ({@code for update skip locked}), so several hub instances never send one twice at once.
 * Delivery times follow the database's wall clock, not the hub's business clock.
 */
public class WebhookDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final int CLAIM = 50;
    private static final int PER_SUBSCRIPTION = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final VendorApiSettings.Webhooks settings;
    private final HttpClient http;
    private ScheduledExecutorService timer;

    public WebhookDeliveries(JdbcTemplate jdbc, Clock clock,
            VendorApiSettings.Webhooks settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        // Redirects are not followed: a receiver must not bounce the hub to another address.
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).build();
    }

    private record Due(long id, long subscriptionId, String eventType, String payload,
            int attempts, String url, String secret, boolean removed) {
    }

    /** Sends what is due now; returns how many deliveries were tried. */
    public int sendDue() {
        List<Due> due = claim();
        for (Due delivery : due) {
            attempt(delivery);
        }
        return due.size();
    }

    private List<Due> claim() {
        // The lease outlasts a send's timeout: if this instance dies mid-send, another one
        // picks the delivery up when the lease ends.
        long leaseSeconds = settings.timeout().toSeconds() * 3 + 30;
        // Each subscription gets a few of its oldest deliveries per claim, so that one
        // vendor's backlog (a large stock file makes many events) never holds back another's.
        return jdbc.query("""
                with ranked as (
                    select id, row_number() over (partition by subscription_id order by id)
                        as place
                    from webhook_delivery
                    where status = 'PENDING' and next_attempt_at <= now()),
                due as (
                    select d.id from webhook_delivery d join ranked r on r.id = d.id
                    where r.place <= ? and d.status = 'PENDING'
                    order by r.place, d.id limit ? for update of d skip locked)
                update webhook_delivery d
                set next_attempt_at = now() + make_interval(secs => ?)
                from due, webhook_subscription s
                where d.id = due.id and s.id = d.subscription_id
                returning d.id, d.subscription_id, d.event_type, d.payload::text,
                    d.attempts, s.url, s.secret, s.removed_at is not null as removed""",
                (rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7),
                        rs.getBoolean(8)), PER_SUBSCRIPTION, CLAIM, leaseSeconds);
    }

    private void attempt(Due delivery) {
        if (delivery.removed()) {
            finish(delivery, "FAILED", null, "the subscription was removed");
            return;
        }

        int status;
        try {
            status = send(delivery);
        } catch (Refusal | java.io.IOException e) {
            failed(delivery, null, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }

        if (status >= 200 && status < 300) {
            finish(delivery, "DELIVERED", status, null);
            log.info("Webhook delivered delivery={} subscription={} event={} attempts={}",
                    delivery.id(), delivery.subscriptionId(), delivery.eventType(),
                    delivery.attempts() + 1);
        } else {
            failed(delivery, status, "the receiver answered " + status);
        }
    }

    private int send(Due delivery) throws java.io.IOException, InterruptedException {
        // Checked again at each send: the host's addresses may have changed since it was
        // registered.
        URI target = WebhookSubscriptions.target(delivery.url(),
                settings.allowPrivateTargets());
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("X-Hub-Event", delivery.eventType())
                .header("X-Hub-Delivery", Long.toString(delivery.id()))
                .header(WebhookSignature.HEADER,
                        WebhookSignature.header(delivery.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void failed(Due delivery, Integer status, String error) {
        int attempts = delivery.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            finish(delivery, "FAILED", status, error);
            log.error("Webhook delivery given up delivery={} subscription={} event={}"
                    + " attempts={} cause={}", delivery.id(), delivery.subscriptionId(),
                    delivery.eventType(), attempts, error);
            return;
        }
        Duration wait = backoff(attempts);
        jdbc.update("""
                update webhook_delivery set attempts = ?, last_status = ?, last_error = ?,
                    next_attempt_at = now() + make_interval(secs => ?)
                where id = ?""", attempts, status, error, wait.toMillis() / 1000.0,
                delivery.id());
        log.warn("Webhook delivery failed delivery={} subscription={} event={} attempt={}"
                + " retryIn={} cause={}", delivery.id(), delivery.subscriptionId(),
                delivery.eventType(), attempts, wait, error);
    }

    /** The wait before attempt {@code attempts + 1}: the first delay, doubled each time. */
    Duration backoff(int attempts) {
        Duration wait = settings.firstDelay().multipliedBy(1L << Math.min(attempts - 1, 30));
        return wait.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : wait;
    }

    private void finish(Due delivery, String outcome, Integer status, String error) {
        jdbc.update("""
                update webhook_delivery set status = ?, attempts = attempts + 1,
                    last_status = ?, last_error = ?,
                    delivered_at = case when ? = 'DELIVERED' then now() end
                where id = ?""", outcome, status, error, outcome, delivery.id());
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-deliveries");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sendSafely, settings.pollMs(), settings.pollMs(),
                TimeUnit.MILLISECONDS);
    }

    private void sendSafely() {
        try {
            while (sendDue() > 0) {
                // Anything sent may leave more waiting behind it: keep going until nothing
                // is due, then pause.
            }
        } catch (RuntimeException e) {
            log.error("Webhook deliveries could not be read or updated cause={}",
                    e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
