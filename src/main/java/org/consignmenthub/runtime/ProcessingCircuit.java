package org.consignmenthub.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.consignmenthub.processing.EventProcessor;
import org.consignmenthub.processing.FailureClass;
import org.consignmenthub.processing.ParkedBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Stands between the processing queue and the database. Transient failures (the database
 * unreachable, restarting, deadlocked) are counted by a circuit breaker; when most recent
 * batches fail that way the breaker opens and the processing consumers are suspended, so
 * the queue keeps the batches instead of burning their redeliveries against a database
 * that cannot answer. After a pause the consumers resume on trial; the first batches that
 * apply close the breaker. A batch that is not a batch at all is parked at once.
 */
@Component("processingCircuit")
public class ProcessingCircuit implements HealthIndicator, DisposableBean {

    static final String PROCESSING_ROUTE = "process-events";

    private static final Logger log = LoggerFactory.getLogger(ProcessingCircuit.class);

    private final EventProcessor processor;
    private final ParkedBatches parkedBatches;
    private final CamelContext camel;
    private final CircuitBreaker breaker;
    private final Counter transientFailures;
    private final ExecutorService routeControl = Executors.newSingleThreadExecutor(
            runnable -> new Thread(runnable, "processing-circuit"));
    private volatile Instant lastTransition = Instant.now();
    private volatile String lastFailure;

    ProcessingCircuit(EventProcessor processor, ParkedBatches parkedBatches,
            CamelContext camel, MeterRegistry meters,
            @Value("${hub.processing.circuit.open-ms:5000}") long openMillis,
            @Value("${hub.processing.consumers}") int consumers) {
        this.processor = processor;
        this.parkedBatches = parkedBatches;
        this.camel = camel;
        this.breaker = CircuitBreaker.of("database", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(openMillis))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(consumers)
                .recordException(failure -> FailureClass.of(failure) == FailureClass.TRANSIENT)
                .build());
        this.breaker.getEventPublisher().onStateTransition(this::onTransition);
        this.transientFailures = Counter.builder("hub.processing.transient.failures")
                .description("Batches rolled back for a later try because of a transient"
                        + " failure")
                .register(meters);
        Gauge.builder("hub.processing.circuit.open", breaker,
                        b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while processing is paused because the database fails")
                .register(meters);
    }

    /** Entry point for the processing queue: one batch as JSON. */
    public void process(String batchJson) throws Exception {
        try {
            breaker.executeCheckedRunnable(() -> processor.process(batchJson));
        } catch (JsonProcessingException unreadable) {
            // No later try can read it either: it goes to the dead-letter store now.
            parkedBatches.record(batchJson);
        } catch (Exception failure) {
            if (FailureClass.of(failure) == FailureClass.TRANSIENT) {
                transientFailures.increment();
                lastFailure = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                log.warn("Batch rolled back for a later try, circuit={} cause={}",
                        breaker.getState(), lastFailure);
            } else {
                log.error("Batch failed; the broker redelivers it, then parks it", failure);
            }
            throw failure;
        } catch (Throwable fatal) {
            throw new IllegalStateException(fatal);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public Health health() {
        Health.Builder health = breaker.getState() == CircuitBreaker.State.OPEN
                ? Health.down() : Health.up();
        return health.withDetail("circuit", breaker.getState().name())
                .withDetail("since", lastTransition.toString())
                .withDetail("failureRatePercent", breaker.getMetrics().getFailureRate())
                .withDetail("lastTransientFailure", lastFailure == null ? "" : lastFailure)
                .build();
    }

    private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
        lastTransition = Instant.now();
        CircuitBreaker.State to = event.getStateTransition().getToState();
        log.warn("Processing circuit {} -> {}", event.getStateTransition().getFromState(), to);

        // The transition may fire on a consumer thread; stopping the consumers from there
        // would wait for that very thread.
        routeControl.execute(() -> {
            try {
                if (to == CircuitBreaker.State.OPEN) {
                    camel.getRouteController().suspendRoute(PROCESSING_ROUTE);
                } else {
                    camel.getRouteController().resumeRoute(PROCESSING_ROUTE);
                }
            } catch (Exception failure) {
                log.error("Could not {} route {}", to == CircuitBreaker.State.OPEN
                        ? "suspend" : "resume", PROCESSING_ROUTE, failure);
            }
        });
    }

    @Override
    public void destroy() {
        routeControl.shutdownNow();
    }
}
