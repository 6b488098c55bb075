package org.consignmenthub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a vendor system by its {@code X-Api-Key}. A key that is unknown, expired
 * or revoked is refused at once (401): it is never taken as an anonymous call.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Api-Key";

    private final Credentials credentials;
    private final AuthenticationEntryPoint refusals;

    ApiKeyFilter(Credentials credentials, AuthenticationEntryPoint refusals) {
        this.credentials = credentials;
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }

        Optional<Party> party = credentials.partyOfKey(key.trim());
        if (party.isEmpty()) {
            SecurityContextHolder.clearContext();
            refusals.commence(request, response,
                    new BadCredentialsException("unknown, expired or revoked API key"));
            return;
        }

        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new PartyAuthentication(party.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
