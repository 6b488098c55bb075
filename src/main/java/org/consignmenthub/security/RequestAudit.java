package org.consignmenthub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one audit row per request once it is answered. It runs outside the security
 * filters, which forget the caller when they finish; {@link #recorder()} runs inside them,
 * just before the access decision, and leaves the authenticated party on the request.
 * A caller refused for bad credentials never reaches the recorder and is audited as
 * anonymous.
 */
final class RequestAudit extends OncePerRequestFilter {

    private static final String PARTY = RequestAudit.class.getName() + ".party";

    private final AuditLog audit;

    RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            audit.request((Party) request.getAttribute(PARTY), request.getMethod(),
                    request.getRequestURI(), response.getStatus(), request.getRemoteAddr());
        }
    }

    /** Notes who a request was made by, for a step that answers before the recorder runs. */
    static void note(HttpServletRequest request, Party party) {
        request.setAttribute(PARTY, party);
    }

    /** Notes the authenticated party on the request for the audit row. */
    static OncePerRequestFilter recorder() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request,
                    HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Parties.of(SecurityContextHolder.getContext().getAuthentication())
                        .ifPresent(party -> request.setAttribute(PARTY, party));
                chain.doFilter(request, response);
            }
        };
    }
}
