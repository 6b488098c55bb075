package org.consignmenthub.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * How a refused request is answered: pages send the browser to {@code /login}, everything
 * else gets {@code 401} or {@code 403} with {@code {reasonCode, reason}} as JSON. A caller
 * that named no credentials is always told 401, even when what stopped it was a missing
 * CSRF token, so that "who are you" comes before "you may not".
 */
final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure) throws IOException {
        if (isPage(request)) {
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        boolean presented = request.getHeader("Authorization") != null
                || request.getHeader(ApiKeyFilter.HEADER) != null;
        write(response, HttpServletResponse.SC_UNAUTHORIZED,
                presented ? "BAD_CREDENTIALS" : "NO_CREDENTIALS",
                presented ? "the credentials are unknown, expired, revoked or altered"
                        : "this call needs credentials: a bearer token, an API key, "
                                + "HTTP Basic or a signed-in session");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException denied) throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || caller instanceof AnonymousAuthenticationToken) {
            commence(request, response, null);
            return;
        }
        if (denied instanceof CsrfException) {
            write(response, HttpServletResponse.SC_FORBIDDEN, "CSRF_TOKEN_MISSING",
                    "a signed-in session must send its CSRF token with every change");
            return;
        }
        write(response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN",
                caller.getName() + " may not " + request.getMethod() + " "
                        + request.getRequestURI());
    }

    static boolean isPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/portal") || path.startsWith("/portal/")
                || path.equals("/ops") || path.startsWith("/ops/") || path.equals("/");
    }

    private static void write(HttpServletResponse response, int status, String code,
            String reason) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", code);
        body.put("reason", reason);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }
}
