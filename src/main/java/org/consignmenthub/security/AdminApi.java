package org.consignmenthub.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consignmenthub.security.Credentials.CredentialRefusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credentials for administrators: vendor API clients and API keys (each secret or key is
 * shown once, in the answer that made it), portal and staff users, and the audit log.
 */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminApi {

    private final Credentials credentials;
    private final SecuritySettings settings;
    private final JdbcTemplate jdbc;

    AdminApi(Credentials credentials, SecuritySettings settings, JdbcTemplate jdbc) {
        this.credentials = credentials;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    record NewClient(String vendor, String clientId) {
    }

    record NewKey(String vendor, String label) {
    }

    record NewUser(String username, String password, Party.Kind kind, String vendor,
            Set<Role> roles) {
    }

    record NewPassword(String password) {
    }

    @PostMapping("/clients")
    @ResponseStatus(HttpStatus.CREATED)
    Credentials.IssuedClient createClient(@RequestBody NewClient request) {
        return credentials.createClient(request.vendor(), request.clientId(),
                Parties.current());
    }

    @GetMapping("/clients")
    List<Map<String, Object>> clients(@RequestParam(required = false) String vendor) {
        return credentials.clients(vendor);
    }

    @PostMapping("/clients/{clientId}/revoke")
    Map<String, Object> revokeClient(@PathVariable String clientId) {
        credentials.revokeClient(clientId, Parties.current());
        return Map.of("clientId", clientId, "revoked", true);
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    Credentials.IssuedKey createKey(@RequestBody NewKey request) {
        return credentials.createKey(request.vendor(), request.label(), Parties.current());
    }

    @GetMapping("/api-keys")
    List<Map<String, Object>> keys(@RequestParam(required = false) String vendor) {
        return credentials.keys(vendor);
    }

    /** {@code graceSeconds}: how long the old key keeps working, else the configured grace. */
    @PostMapping("/api-keys/{prefix}/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    Credentials.IssuedKey rotateKey(@PathVariable String prefix,
            @RequestParam(required = false) Long graceSeconds) {
        if (graceSeconds != null && graceSeconds < 0) {
            throw new CredentialRefusal("INVALID_FIELD", "graceSeconds",
                    "graceSeconds cannot be negative");
        }
        Duration grace = graceSeconds == null ? settings.keyRotationGrace()
                : Duration.ofSeconds(graceSeconds);
        return credentials.rotateKey(prefix, grace, Parties.current());
    }

    @PostMapping("/api-keys/{prefix}/revoke")
    Map<String, Object> revokeKey(@PathVariable String prefix) {
        credentials.revokeKey(prefix, Parties.current());
        return Map.of("prefix", prefix, "revoked", true);
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createUser(@RequestBody NewUser request) {
        if (request.kind() == null) {
            throw new CredentialRefusal("INVALID_FIELD", "kind", "kind is VENDOR or STAFF");
        }
        Set<Role> roles = request.roles() == null ? Set.of() : request.roles();
        if (request.kind() == Party.Kind.STAFF && roles.isEmpty()) {
            throw new CredentialRefusal("INVALID_FIELD", "roles",
                    "a staff user needs at least one role");
        }
        credentials.createUser(request.username(), request.password(), request.kind(),
                request.vendor(), roles, Parties.current());
        return Map.of("username", request.username(), "kind", request.kind());
    }

    @GetMapping("/users")
    List<Map<String, Object>> users() {
        return credentials.users();
    }

    @PostMapping("/users/{username}/disable")
    Map<String, Object> disable(@PathVariable String username) {
        credentials.setUserEnabled(username, false, Parties.current());
        return Map.of("username", username, "enabled", false);
    }

    @PostMapping("/users/{username}/enable")
    Map<String, Object> enable(@PathVariable String username) {
        credentials.setUserEnabled(username, true, Parties.current());
        return Map.of("username", username, "enabled", true);
    }

    @PostMapping("/users/{username}/password")
    Map<String, Object> resetPassword(@PathVariable String username,
            @RequestBody NewPassword request) {
        credentials.resetPassword(username, request.password(), Parties.current());
        return Map.of("username", username, "passwordReset", true);
    }

    /** The latest audit rows, newest first, optionally of one party or action. */
    @GetMapping("/audit")
    List<Map<String, Object>> audit(@RequestParam(required = false) String party,
            @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "200") int limit) {
        return jdbc.queryForList("""
                select id, at, party_kind, party_name, vendor, action, method, path, status,
                    remote_address, detail
                from audit_log
                where (?::text is null or party_name = ?) and (?::text is null or action = ?)
                order by id desc limit ?""", party, party, action, action,
                Math.max(1, Math.min(limit, 5_000)));
    }

    @ExceptionHandler(CredentialRefusal.class)
    ResponseEntity<Map<String, Object>> refused(CredentialRefusal refusal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", refusal.reasonCode());
        body.put("field", refusal.field());
        body.put("reason", refusal.getMessage());
        HttpStatus status = switch (refusal.reasonCode()) {
            case "NOT_FOUND", "UNKNOWN_KEY" -> HttpStatus.NOT_FOUND;
            case "USER_EXISTS", "CLIENT_EXISTS", "LAST_ADMIN" -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
        return ResponseEntity.status(status).body(body);
    }
}
