package org.consignmenthub.runtime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns away, before a byte of it is read, an intake or vendor API request that announces
 * a body larger than {@code hub.intake.max-request-bytes}: bodies are read whole into
 * memory, and a few huge ones at once would exhaust the heap. Bodies between the payload
 * limit and this one are still stored and refused as {@code PAYLOAD_TOO_LARGE}, so the
 * partner's data is kept.
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
            log.warn("Request refused as too large path={} bytes={} limit={}",
                    request.getRequestURI(), announced, maxRequestBytes);
            response.setStatus(413);
            response.setContentType("application/json");
            response.setHeader("Connection", "close");
            response.getOutputStream().write(("{\"reasonCode\":\"REQUEST_TOO_LARGE\","
                    + "\"field\":\"body\",\"reason\":\"the body has " + announced
                    + " bytes; this hub takes at most " + maxRequestBytes + " in a request\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
