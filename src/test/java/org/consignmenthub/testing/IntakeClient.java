package org.consignmenthub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A partner calling the hub's HTTP intake, as a shop's webhook or a vendor's system would:
 * it posts the exact bytes given and reads the hub's answer.
 */
public final class IntakeClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    public IntakeClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** The hub's answer; an accepted request names the inbound message it was stored as. */
    public record Answer(int status, String body) {

        public long inboundId() {
            return field("inboundId");
        }

        public long records() {
            return field("records");
        }

        public long rejected() {
            return field("rejected");
        }

        private long field(String name) {
            try {
                JsonNode answer = JSON.readTree(body);
                if (!answer.has(name)) {
                    throw new AssertionError("the answer has no " + name + ": " + body);
                }
                return answer.get(name).asLong();
            } catch (IOException e) {
                throw new AssertionError("the answer is not JSON: " + body, e);
            }
        }
    }

    /** Posts {@code body} as JSON; {@code headers} are name, value, name, value... */
    public Answer post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + path, e);
        }
    }
}
