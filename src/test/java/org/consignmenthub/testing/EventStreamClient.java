package org.consignmenthub.testing;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A watcher of a server-sent event stream, as a browser's EventSource would be: it reads
 * the stream as it comes and keeps each event, with the moment it arrived, for the test to
 * take in order.
 */
public final class EventStreamClient implements AutoCloseable {

    /** One event: its name, its data lines joined, and when it was read (nanoTime). */
    public record Event(String name, String data, long receivedNanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    /** Watches as the operations staff user {@link TestCredentials#OPERATOR}. */
    public EventStreamClient(int port, String pathAndQuery) {
        String staff = TestCredentials.OPERATOR + ":"
                + TestCredentials.secretOf(TestCredentials.OPERATOR);
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        staff.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            lines = answer.body();
            read(lines);
        });
    }

    /** The next event of the given name, skipping others; fails after {@code timeout}. */
    public Event next(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no '" + name + "' event within " + timeout);
                }
                if (event.name().equals(name)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events of the given name that arrived within {@code wait}, none awaited beyond it. */
    public int count(String name, Duration wait) {
        int found = 0;
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            Event event;
            while ((event = events.poll(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS)) != null) {
                found += event.name().equals(name) ? 1 : 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }

    private void read(Stream<String> stream) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) stream::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, data.toString(), System.nanoTime()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            }
        } catch (UncheckedIOException closed) {
            // The stream ends when the test closes it or the hub stops.
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        if (lines != null) {
            lines.close();
        }
    }

    /** Fails unless the stream answered 200; useful before waiting for events. */
    public void assertOpen(Duration timeout) {
        try {
            int status = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status != 200) {
                throw new AssertionError("the stream answered " + status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the stream did not open", e);
        }
    }
}
