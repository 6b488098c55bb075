package org.consignmenthub.runtime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps intake and vendor API request bodies within {@code hub.intake.max-request-bytes}:
 * bodies are read whole into memory, and a few huge ones at once would exhaust the heap. A
 * request that announces a larger body is turned away before a byte of it is read; one
 * sent in chunks, without a length, is read up to the limit and turned away the moment it
 * passes it, the rest unread and the connection closed. Bodies between the payload limit
 * and this one are still stored and refused as {@code PAYLOAD_TOO_LARGE}, so the partner's
 * data is kept.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestSizeLimit.class);

    private final long maxRequestBytes;

    RequestSizeLimit(@Value("${hub.intake.max-request-bytes}") long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/intake/")
                && !request.getRequestURI().startsWith("/api/v1/vendor/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > maxRequestBytes) {
            refuse(request, response, "the body has " + announced + " bytes; this hub takes"
                    + " at most " + maxRequestBytes + " in a request", announced);
            return;
        }
        if (announced < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = readAtMost(request.getInputStream());
            if (body == null) {
                refuse(request, response, "the body, sent without a length, passed "
                        + maxRequestBytes + " bytes, the most this hub takes in a request;"
                        + " the rest was not read", -1);
                return;
            }
            chain.doFilter(new ReadBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The body if it holds at most the limit; null as soon as it holds more. */
    private byte[] readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            if (body.size() + (long) read > maxRequestBytes) {
                return null;
            }
            body.write(buffer, 0, read);
        }
        return body.toByteArray();
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response,
            String reason, long announced) throws IOException {
        log.warn("Request refused as too large path={} bytes={} limit={}",
                request.getRequestURI(), announced, maxRequestBytes);
        response.setStatus(413);
        response.setContentType("application/json");
        // The rest of the body is not read: the connection cannot carry another request.
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"reasonCode\":\"REQUEST_TOO_LARGE\","
                + "\"field\":\"body\",\"reason\":\"" + reason + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A request whose body was read already, handed on with that body and its length. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    return bytes.read(target, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }
    }
}
