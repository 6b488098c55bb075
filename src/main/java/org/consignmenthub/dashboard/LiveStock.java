package org.consignmenthub.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.consignmenthub.dashboard.StockOverview.PositionRef;
import org.consignmenthub.ledger.StockKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes changed positions to the dashboards that watch them, as server-sent events.
 * The ledger announces the positions each committed transaction touched. The first
 * announcement after a quiet spell goes out at once; those that follow within the
 * coalescing window are merged and go out at its end. The rows they name are read once
 * from the books, and each watcher gets the rows its filter admits. Nothing is read while
 * nobody watches, and no watcher causes a read of its own.
 */
public class LiveStock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveStock.class);
    private static final int ROWS_PER_READ = 1_000;

    private final StockOverview overview;
    private final long windowNanos;
    private final long streamTimeoutMs;
    private final Map<SseEmitter, PositionQuery> watchers = new ConcurrentHashMap<>();
    private final Set<PositionRef> pending = new LinkedHashSet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "dashboard-live-stock");
                thread.setDaemon(true);
                return thread;
            });
    private boolean flushScheduled;
    private long lastFlushNanos = System.nanoTime();

    public LiveStock(StockOverview overview, long windowMs, long keepAliveMs,
            long streamTimeoutMs) {
        this.overview = overview;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        this.streamTimeoutMs = streamTimeoutMs;
        flusher.scheduleWithFixedDelay(this::keepAlive, keepAliveMs, keepAliveMs,
                TimeUnit.MILLISECONDS);
    }

    /** A new watcher of the rows {@code filter} admits; the stream starts with a hello. */
    public SseEmitter watch(PositionQuery filter) {
        SseEmitter emitter = new SseEmitter(streamTimeoutMs);
        emitter.onCompletion(() -> watchers.remove(emitter));
        emitter.onTimeout(() -> watchers.remove(emitter));
        emitter.onError(failure -> watchers.remove(emitter));
        watchers.put(emitter, filter);
        // The page reads its rows afresh on every (re)connection; the hello says when.
        send(emitter, SseEmitter.event().name("hello").id(String.valueOf(sequence.get()))
                .data(Map.of("watchers", watchers.size()), MediaType.APPLICATION_JSON));
        return emitter;
    }

    public int watchers() {
        return watchers.size();
    }

    /** The ledger's news: these positions changed in a transaction that committed. */
    public void positionsCommitted(Collection<StockKey> keys) {
        if (watchers.isEmpty()) {
            return;
        }
        synchronized (pending) {
            for (StockKey key : keys) {
                pending.add(new PositionRef(key.legalEntity(), key.location(), key.sku()));
            }
            if (!flushScheduled) {
                flushScheduled = true;
                // A change after a quiet spell goes out at once; changes that follow within
                // the window wait for its end and go out together.
                long sinceLast = System.nanoTime() - lastFlushNanos;
                flusher.schedule(this::flush, Math.max(0, windowNanos - sinceLast),
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    private void flush() {
        List<PositionRef> changed;
        synchronized (pending) {
            changed = new ArrayList<>(pending);
            pending.clear();
            flushScheduled = false;
            lastFlushNanos = System.nanoTime();
        }
        try {
            for (int from = 0; from < changed.size(); from += ROWS_PER_READ) {
                List<PositionRow> rows = overview.rows(
                        changed.subList(from, Math.min(changed.size(), from + ROWS_PER_READ)));
                broadcast(rows);
            }
        } catch (RuntimeException e) {
            // Watchers miss this update; each page reads its rows again when it reconnects.
            log.error("Live stock update failed positions={}", changed.size(), e);
        }
    }

    private void broadcast(List<PositionRow> rows) {
        long id = sequence.incrementAndGet();
        watchers.forEach((emitter, filter) -> {
            List<PositionRow> admitted = rows.stream().filter(filter::admits).toList();
            if (!admitted.isEmpty()) {
                send(emitter, SseEmitter.event().name("positions").id(String.valueOf(id))
                        .data(admitted, MediaType.APPLICATION_JSON));
            }
        });
    }

    /** A comment line now and then, so that proxies keep the stream and dead ones are seen. */
    private void keepAlive() {
        watchers.keySet().forEach(emitter -> send(emitter,
                SseEmitter.event().comment("keep-alive")));
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            // The browser went away; the container completes the emitter.
            watchers.remove(emitter);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        watchers.keySet().forEach(SseEmitter::complete);
        watchers.clear();
    }
}
