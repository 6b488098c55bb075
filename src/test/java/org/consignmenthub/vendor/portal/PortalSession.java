package org.consignmenthub.vendor.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.TestCredentials;

/**
 * A vendor user signed in at {@code /login} as a browser would be: a session cookie, and
 * the CSRF token of the portal's pages sent with every change.
 */
final class PortalSession {

    private static final Pattern HIDDEN_TOKEN = Pattern.compile(
            "name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_TOKEN = Pattern.compile(
            "name=\"csrf-token\" content=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private String csrf;

    private PortalSession(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Signs in as the declared portal user ({@code v1-portal} or {@code v2-portal}). */
    static PortalSession signIn(int port, String user) {
        PortalSession session = new PortalSession(port);
        String login = session.send(HttpRequest.newBuilder(session.base.resolve("/login"))
                .GET()).text();
        String form = "username=" + encode(user) + "&password="
                + encode(TestCredentials.secretOf(user)) + "&_csrf="
                + encode(token(HIDDEN_TOKEN, login));
        ApiClient.Answer signedIn = session.send(HttpRequest.newBuilder(
                session.base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (signedIn.status() != 302) {
            throw new AssertionError(user + " could not sign in: " + signedIn.status());
        }
        session.csrf = token(META_TOKEN, session.get("/portal/").text());
        return session;
    }

    ApiClient.Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    ApiClient.Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    ApiClient.Answer postFile(String path, String content) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "text/csv").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8)));
    }

    /** A change sent from the session without the page's token, as another site would. */
    ApiClient.Answer postWithoutToken(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private ApiClient.Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiClient.Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String token(Pattern pattern, String page) {
        Matcher found = pattern.matcher(page);
        if (!found.find()) {
            throw new AssertionError("no CSRF token in the page: " + page);
        }
        return found.group(1).replace("&#45;", "-");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
