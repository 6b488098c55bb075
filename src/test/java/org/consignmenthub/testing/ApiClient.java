package org.consignmenthub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Operations and support staff, a handheld scanner or a vendor calling the hub's JSON API
 * and actuator: GET, PUT and POST, answers read as JSON or as the exact bytes. By default
 * it signs in as the staff user {@link TestCredentials#OPERATOR} with HTTP Basic; it can
 * call as another staff user, as a vendor (API key or bearer token) or anonymously.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String credentialHeader;
    private final String credential;

    /** Calls as the default operations staff user. */
    public ApiClient(int port) {
        this(port, TestCredentials.OPERATOR);
    }

    /** Calls as the declared staff user {@code staffUser}; actions are recorded under it. */
    public ApiClient(int port, String staffUser) {
        this(port, "Authorization", basic(staffUser, TestCredentials.secretOf(staffUser)));
    }

    private ApiClient(int port, String credentialHeader, String credential) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.credentialHeader = credentialHeader;
        this.credential = credential;
    }

    /** Calls as a user with the given password, over HTTP Basic. */
    public static ApiClient basic(int port, String username, String password) {
        return new ApiClient(port, "Authorization", basic(username, password));
    }

    /** Calls as a vendor system presenting its API key. */
    public static ApiClient withApiKey(int port, String key) {
        return new ApiClient(port, "X-Api-Key", key);
    }

    /** Calls with a bearer token (one the hub issued, or one made up to be refused). */
    public static ApiClient withBearer(int port, String token) {
        return new ApiClient(port, "Authorization", "Bearer " + token);
    }

    /** Calls without any credentials. */
    public static ApiClient anonymous(int port) {
        return new ApiClient(port, null, null);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status and body, as bytes, text or JSON. */
    public record Answer(int status, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the answer is not JSON: " + text(), e);
            }
        }
    }

    /**
     * A header of a dead-letter entry as the API shows it, found by name whatever its
     * case: HTTP header names are not case-sensitive, and they are kept as they came.
     */
    public static String storedHeader(JsonNode entry, String name) {
        var fields = entry.get("headers").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        throw new AssertionError("no header " + name + " in " + entry.get("headers"));
    }

    public Answer get(String path) {
        return send(withCredentials(HttpRequest.newBuilder(base.resolve(path)).GET()));
    }

    public Answer post(String path) {
        return send(withCredentials(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** Posts a JSON body (an empty string posts none). */
    public Answer post(String path, String json) {
        return send(withCredentials(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))));
    }

    public Answer put(String path, byte[] body) {
        return send(withCredentials(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** Posts without any credentials, as a careless script would. */
    public Answer postAnonymously(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder withCredentials(HttpRequest.Builder request) {
        return credential == null ? request : request.header(credentialHeader, credential);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(
                    request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
