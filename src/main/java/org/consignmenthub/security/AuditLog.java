package org.consignmenthub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log: every request (who, what, when, from where) and every credential change.
 * A request whose row cannot be written is still answered; the failure is logged.
 */
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_PATH = 2_000;

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A request as answered; {@code party} is null for an anonymous or refused caller. */
    public void request(Party party, String method, String path, int status, String from) {
        try {
            jdbc.update("""
                    insert into audit_log (party_kind, party_name, vendor, action, method, path,
                        status, remote_address)
                    values (?, ?, ?, 'REQUEST', ?, ?, ?, ?)""",
                    kind(party), party == null ? null : party.name(),
                    party == null ? null : party.vendorCode(), method, clip(path), status, from);
        } catch (RuntimeException e) {
            log.error("Audit row not written method={} path={} status={}", method, path,
                    status, e);
        }
    }

    /** A credential created, rotated, revoked, disabled or reset, by whom and on what. */
    public void credentialChange(Party by, String action, String detail) {
        jdbc.update("""
                insert into audit_log (party_kind, party_name, vendor, action, detail)
                values (?, ?, ?, ?, ?)""",
                kind(by), by == null ? "hub" : by.name(),
                by == null ? null : by.vendorCode(), action, detail);
        log.info("Credential change action={} by={} {}", action,
                by == null ? "hub" : by.name(), detail);
    }

    private static String kind(Party party) {
        return party == null ? "ANONYMOUS" : party.kind().name();
    }

    private static String clip(String path) {
        return path == null || path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH);
    }
}
