package org.consignmenthub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users, vendor API clients and vendor API keys, kept only as hashes. Secrets and keys are
 * returned once, when they are made; every change is written to the audit log.
 */
public class Credentials {

    /** API keys read {@code chk_<8 hex>.<secret>}; the part before the dot finds the key. */
    static final String KEY_PREFIX = "chk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;

    public Credentials(JdbcTemplate jdbc, PasswordEncoder passwords, AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /** A credential refused with the field at fault and why. */
    public static final class CredentialRefusal extends RuntimeException {

        private final String reasonCode;
        private final String field;

        public CredentialRefusal(String reasonCode, String field, String reason) {
            super(reason);
            this.reasonCode = reasonCode;
            this.field = field;
        }

        public String reasonCode() {
            return reasonCode;
        }

        public String field() {
            return field;
        }
    }

    /** A key as made: the whole key is shown once and never kept. */
    public record IssuedKey(long id, String prefix, String key, String vendor) {
    }

    /** A client as made: the secret is shown once and never kept. */
    public record IssuedClient(String clientId, String secret, String vendor) {
    }

    /** An API client as the token issuer needs it. */
    public record ApiClient(String clientId, String secretHash, String vendor) {
    }

    // ---- users

    @Transactional
    public void createUser(String username, String password, Party.Kind kind, String vendor,
            Set<Role> roles, Party by) {
        requireName("username", username);
        requirePassword(password);
        if (kind == Party.Kind.VENDOR) {
            requireVendor(vendor);
        }
        try {
            jdbc.update("""
                    insert into hub_user (username, password_hash, kind, vendor, roles)
                    values (?, ?, ?, ?, ?)""", username, passwords.encode(password),
                    kind.name(), kind == Party.Kind.VENDOR ? vendor : null,
                    kind == Party.Kind.STAFF ? roleList(roles) : "");
        } catch (DuplicateKeyException e) {
            throw new CredentialRefusal("USER_EXISTS", "username",
                    "a user named " + username + " exists already");
        }
        audit.credentialChange(by, "USER_CREATED", "user=" + username + " kind=" + kind
                + (kind == Party.Kind.VENDOR ? " vendor=" + vendor : " roles=" + roles));
    }

    /** Declares a user from configuration: made, or brought back to the declared values. */
    public void declareUser(String username, String password, Party.Kind kind, String vendor,
            Set<Role> roles) {
        jdbc.update("""
                insert into hub_user (username, password_hash, kind, vendor, roles)
                values (?, ?, ?, ?, ?)
                on conflict (username) do update set password_hash = excluded.password_hash,
                    kind = excluded.kind, vendor = excluded.vendor, roles = excluded.roles,
                    enabled = true, updated_at = now()""",
                username, passwords.encode(password), kind.name(),
                kind == Party.Kind.VENDOR ? vendor : null,
                kind == Party.Kind.STAFF ? roleList(roles) : "");
    }

    public void setUserEnabled(String username, boolean enabled, Party by) {
        // The last enabled administrator stays: without one, nobody could manage
        // credentials again short of a restart with a declared user.
        int changed = jdbc.update("""
                update hub_user set enabled = ?, updated_at = now() where username = ?
                  and (? or not ('ADMIN' = any(string_to_array(roles, ',')))
                       or exists (select 1 from hub_user other
                                  where other.username <> hub_user.username
                                    and other.enabled
                                    and 'ADMIN' = any(string_to_array(other.roles, ','))))""",
                enabled, username, enabled);
        if (changed == 0 && user(username).isPresent()) {
            throw new CredentialRefusal("LAST_ADMIN", "username", "user " + username
                    + " is the last enabled administrator and stays enabled");
        }
        requireFound(changed, "username", "user " + username);
        audit.credentialChange(by, enabled ? "USER_ENABLED" : "USER_DISABLED",
                "user=" + username);
    }

    public void resetPassword(String username, String password, Party by) {
        requirePassword(password);
        int changed = jdbc.update("""
                update hub_user set password_hash = ?, updated_at = now() where username = ?""",
                passwords.encode(password), username);
        requireFound(changed, "username", "user " + username);
        audit.credentialChange(by, "PASSWORD_RESET", "user=" + username);
    }

    public Optional<HubUser> user(String username) {
        return jdbc.query("""
                select username, password_hash, kind, vendor, roles, enabled
                from hub_user where username = ?""", (row, n) -> new HubUser(
                        party(row.getString("username"), row.getString("kind"),
                                row.getString("vendor"), row.getString("roles")),
                        row.getString("password_hash"), row.getBoolean("enabled")),
                username).stream().findFirst();
    }

    public boolean anyStaffUser() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from hub_user where kind = 'STAFF')", Boolean.class));
    }

    public List<Map<String, Object>> users() {
        return jdbc.queryForList("""
                select username, kind, vendor, roles, enabled, created_at, updated_at
                from hub_user order by username""");
    }

    // ---- API clients

    @Transactional
    public IssuedClient createClient(String vendor, String clientId, Party by) {
        requireVendor(vendor);
        String id = clientId == null || clientId.isBlank()
                ? vendor.toLowerCase() + "-" + HexFormat.of().formatHex(randomBytes(4))
                : clientId;
        requireName("clientId", id);
        String secret = base64(randomBytes(32));
        try {
            jdbc.update("insert into api_client (client_id, secret_hash, vendor) values (?,?,?)",
                    id, passwords.encode(secret), vendor);
        } catch (DuplicateKeyException e) {
            throw new CredentialRefusal("CLIENT_EXISTS", "clientId",
                    "an API client " + id + " exists already");
        }
        audit.credentialChange(by, "CLIENT_CREATED", "client=" + id + " vendor=" + vendor);
        return new IssuedClient(id, secret, vendor);
    }

    public void declareClient(String clientId, String secret, String vendor) {
        jdbc.update("""
                insert into api_client (client_id, secret_hash, vendor) values (?, ?, ?)
                on conflict (client_id) do update set secret_hash = excluded.secret_hash,
                    vendor = excluded.vendor, revoked_at = null""",
                clientId, passwords.encode(secret), vendor);
    }

    public void revokeClient(String clientId, Party by) {
        int changed = jdbc.update("""
                update api_client set revoked_at = ? where client_id = ? and revoked_at is null""",
                Timestamp.from(clock.instant()), clientId);
        requireFound(changed, "clientId", "active API client " + clientId);
        audit.credentialChange(by, "CLIENT_REVOKED", "client=" + clientId);
    }

    /** A client that may still obtain and use tokens. */
    public Optional<ApiClient> activeClient(String clientId) {
        return jdbc.query("""
                select client_id, secret_hash, vendor from api_client
                where client_id = ? and revoked_at is null""",
                (row, n) -> new ApiClient(row.getString(1), row.getString(2), row.getString(3)),
                clientId).stream().findFirst();
    }

    public void clientUsed(String clientId) {
        jdbc.update("update api_client set last_used_at = ? where client_id = ?",
                Timestamp.from(clock.instant()), clientId);
    }

    public List<Map<String, Object>> clients(String vendor) {
        return jdbc.queryForList("""
                select client_id, vendor, created_at, revoked_at, last_used_at from api_client
                where (?::text is null or vendor = ?) order by client_id""", vendor, vendor);
    }

    // ---- API keys

    @Transactional
    public IssuedKey createKey(String vendor, String label, Party by) {
        requireVendor(vendor);
        IssuedKey key = insertKey(vendor, label == null ? "" : label);
        audit.credentialChange(by, "KEY_CREATED", "key=" + key.prefix() + " vendor=" + vendor);
        return key;
    }

    /** Declares a known key from configuration (tests and first set-up only). */
    public void declareKey(String key, String vendor) {
        String prefix = prefixOf(key).orElseThrow(() -> new IllegalArgumentException(
                "a declared API key must read " + KEY_PREFIX + "<8 hex>.<secret>"));
        jdbc.update("""
                insert into api_key (prefix, key_hash, vendor, label) values (?, ?, ?, 'declared')
                on conflict (prefix) do update set key_hash = excluded.key_hash,
                    vendor = excluded.vendor, revoked_at = null, expires_at = null""",
                prefix, sha256(key), vendor);
    }

    /**
     * A new key for the same vendor; the old one keeps working for {@code grace}, then
     * expires, so the vendor can switch its systems over without an outage.
     */
    @Transactional
    public IssuedKey rotateKey(String prefix, Duration grace, Party by) {
        Map<String, Object> old = activeKeyRow(prefix).orElseThrow(() -> new CredentialRefusal(
                "UNKNOWN_KEY", "prefix", "no active API key " + prefix));
        String vendor = (String) old.get("vendor");
        IssuedKey fresh = insertKey(vendor, (String) old.get("label"));
        Instant expires = clock.instant().plus(grace);
        jdbc.update("""
                update api_key set replaced_by = ?,
                    expires_at = case when expires_at is null or expires_at > ? then ?
                                      else expires_at end
                where prefix = ?""", fresh.id(), Timestamp.from(expires),
                Timestamp.from(expires), prefix);
        audit.credentialChange(by, "KEY_ROTATED", "key=" + prefix + " replacedBy="
                + fresh.prefix() + " vendor=" + vendor + " oldExpiresAt=" + expires);
        return fresh;
    }

    /** Revocation is immediate: the key is refused from the next request on. */
    public void revokeKey(String prefix, Party by) {
        int changed = jdbc.update("""
                update api_key set revoked_at = ? where prefix = ? and revoked_at is null""",
                Timestamp.from(clock.instant()), prefix);
        requireFound(changed, "prefix", "unrevoked API key " + prefix);
        audit.credentialChange(by, "KEY_REVOKED", "key=" + prefix);
    }

    /** The vendor party a presented key stands for, if it is known, unexpired, unrevoked. */
    public Optional<Party> partyOfKey(String key) {
        Optional<String> prefix = prefixOf(key);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> row = activeKeyRow(prefix.get());
        if (row.isEmpty() || !MessageDigest.isEqual(
                ((String) row.get().get("key_hash")).getBytes(StandardCharsets.US_ASCII),
                sha256(key).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        jdbc.update("update api_key set last_used_at = ? where prefix = ?",
                Timestamp.from(clock.instant()), prefix.get());
        return Optional.of(Party.vendor(prefix.get(), (String) row.get().get("vendor")));
    }

    public List<Map<String, Object>> keys(String vendor) {
        return jdbc.queryForList("""
                select prefix, vendor, label, created_at, expires_at, revoked_at, last_used_at,
                    (select k.prefix from api_key k where k.id = api_key.replaced_by)
                        as replaced_by
                from api_key where (?::text is null or vendor = ?) order by id""",
                vendor, vendor);
    }

    private Optional<Map<String, Object>> activeKeyRow(String prefix) {
        return jdbc.queryForList("""
                select id, prefix, key_hash, vendor, label from api_key
                where prefix = ? and revoked_at is null
                  and (expires_at is null or expires_at > ?)""",
                prefix, Timestamp.from(clock.instant())).stream().findFirst();
    }

    private IssuedKey insertKey(String vendor, String label) {
        String prefix = KEY_PREFIX + HexFormat.of().formatHex(randomBytes(4));
        String key = prefix + "." + base64(randomBytes(32));
        Long id = jdbc.queryForObject("""
                insert into api_key (prefix, key_hash, vendor, label) values (?, ?, ?, ?)
                returning id""", Long.class, prefix, sha256(key), vendor, label);
        return new IssuedKey(id, prefix, key, vendor);
    }

    static Optional<String> prefixOf(String key) {
        int dot = key == null ? -1 : key.indexOf('.');
        if (dot != KEY_PREFIX.length() + 8 || !key.startsWith(KEY_PREFIX)
                || key.length() < dot + 20) {
            return Optional.empty();
        }
        return Optional.of(key.substring(0, dot));
    }

    // ---- shared

    private void requireVendor(String vendor) {
        requireName("vendor", vendor);
        Boolean known = jdbc.queryForObject(
                "select exists (select 1 from vendor where code = ?)", Boolean.class, vendor);
        if (!Boolean.TRUE.equals(known)) {
            throw new CredentialRefusal("UNKNOWN_VENDOR", "vendor",
                    "no vendor " + vendor + " in the catalog");
        }
    }

    private static void requireName(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw new CredentialRefusal("INVALID_FIELD", field, field
                    + " must be 1 to 100 letters, digits or . _ @ -");
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < 12) {
            throw new CredentialRefusal("WEAK_PASSWORD", "password",
                    "a password needs at least 12 characters");
        }
    }

    private static void requireFound(int changed, String field, String what) {
        if (changed == 0) {
            throw new CredentialRefusal("NOT_FOUND", field, "no " + what);
        }
    }

    static Party party(String name, String kind, String vendor, String roles) {
        if (Party.Kind.valueOf(kind) == Party.Kind.VENDOR) {
            return Party.vendor(name, vendor);
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .map(Role::valueOf).forEach(parsed::add);
        return Party.staff(name, parsed);
    }

    private static String roleList(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    static String randomPassword() {
        return base64(randomBytes(18));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
