package org.consignmenthub.vendor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.consignmenthub.security.Parties;
import org.consignmenthub.security.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * What every vendor API request passes after its credentials are checked: the vendor's
 * rate limit (429 with Retry-After when spent), then for a POST its
 * {@code Idempotency-Key}, if it carries one: the same key and body get the first answer
 * again without the request being carried out twice; the same key with another body is
 * refused with 422. Bodies are read whole, so a body over the hub's request limit is
 * refused with 413 even when it does not announce its length.
 */
public class VendorRequestGate extends OncePerRequestFilter {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(VendorRequestGate.class);
    private static final int MAX_KEY_LENGTH = 255;

    private final VendorRateLimits limits;
    private final IdempotencyKeys keys;
    private final long maxRequestBytes;

    public VendorRequestGate(VendorRateLimits limits, IdempotencyKeys keys,
            long maxRequestBytes) {
        this.limits = limits;
        this.keys = keys;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/v1/vendor/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        Optional<Party> party = Parties.find().filter(Party::isVendor);
        if (party.isEmpty()) {
            // Security has already refused anyone else; nothing to count or remember.
            chain.doFilter(request, response);
            return;
        }
        String vendor = party.get().vendorCode();

        long wait = limits.take(vendor);
        if (wait > 0) {
            log.warn("Request refused over rate limit vendor={} path={} retryAfter={}",
                    vendor, request.getRequestURI(), wait);
            response.setHeader("Retry-After", Long.toString(wait));
            refuse(response, 429, "RATE_LIMITED", null, "vendor " + vendor + " has used its"
                    + " allowance of " + limits.allowanceOf(vendor).perSecond()
                    + " requests per second; try again in " + wait + " s");
            return;
        }

        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (!"POST".equals(request.getMethod()) || key == null) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            refuse(response, 400, "INVALID_FIELD", IDEMPOTENCY_KEY, "the header must hold"
                    + " 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            refuse(response, 413, "REQUEST_TOO_LARGE", "body", "this hub takes at most "
                    + maxRequestBytes + " bytes in a request");
            return;
        }
        once(new ReadAgain(request, body), response, chain, vendor, key, body);
    }

    private void once(ReadAgain request, HttpServletResponse response, FilterChain chain,
            String vendor, String key, byte[] body) throws ServletException, IOException {
        String path = request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        IdempotencyKeys.Claim claim = keys.claim(vendor, key,
                sha256(request.getMethod() + " " + path + "\n", body), request.getMethod(),
                path);

        if (claim instanceof IdempotencyKeys.Answered answered) {
            log.info("Request answered again vendor={} idempotencyKey={} path={}", vendor, key,
                    path);
            response.setStatus(answered.status());
            response.setHeader("Idempotent-Replayed", "true");
            if (answered.contentType() != null) {
                response.setContentType(answered.contentType());
            }
            response.getOutputStream().write(answered.body() == null ? new byte[0]
                    : answered.body());
        } else if (claim instanceof IdempotencyKeys.Conflict) {
            refuse(response, 422, "IDEMPOTENCY_KEY_REUSED", IDEMPOTENCY_KEY, "this"
                    + " Idempotency-Key was used for a different request; use a new key for a"
                    + " new request");
        } else if (claim instanceof IdempotencyKeys.Running) {
            response.setHeader("Retry-After", "1");
            refuse(response, 409, "IDEMPOTENCY_KEY_IN_USE", IDEMPOTENCY_KEY, "a request under"
                    + " this Idempotency-Key is still being carried out");
        } else {
            carryOut(request, response, chain, vendor, key);
        }
    }

    private void carryOut(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, String vendor, String key) throws ServletException, IOException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, answer);
            // A failure on the hub's side is not an answer to keep: the same request may
            // be sent again under the same key and carried out then.
            if (answer.getStatus() < 500) {
                keys.complete(vendor, key, answer.getStatus(), answer.getContentType(),
                        answer.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                keys.release(vendor, key);
            }
            answer.copyBodyToResponse();
        }
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                body.write(buffer, 0, read);
                if (body.size() > maxRequestBytes) {
                    return null;
                }
            }
        }
        return body.toByteArray();
    }

    private static String sha256(String head, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(head.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static void refuse(HttpServletResponse response, int status, String reasonCode,
            String field, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        String json = "{\"reasonCode\":\"" + reasonCode + "\",\"field\":"
                + (field == null ? "null" : "\"" + field + "\"") + ",\"reason\":\""
                + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its body already read, served again to whoever reads it next. */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
