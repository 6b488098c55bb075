package org.consignmenthub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session at its next request once its user is disabled or removed. The
 * password was checked once, at sign-in; without this the session of a portal user who was
 * disabled would keep reaching the vendor's pages until it timed out.
 */
final class SessionUserCheck extends OncePerRequestFilter {

    private final Credentials credentials;

    SessionUserCheck(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();

        if (session != null && caller != null && caller.getPrincipal() instanceof HubUser user
                && !credentials.user(user.getUsername()).map(HubUser::enabled).orElse(false)) {
            session.invalidate();
            SecurityContextHolder.clearContext();
        }

        chain.doFilter(request, response);
    }
}
