package org.consignmenthub.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials that exist before anyone can sign in: those declared in configuration, and,
 * when there is still no staff user at all, an {@code admin} whose random password is
 * written to a file only the hub's user can read. The password itself is never logged.
 */
final class InitialCredentials {

    private static final Logger log = LoggerFactory.getLogger(InitialCredentials.class);
    static final String PASSWORD_FILE = "initial-admin-password";

    private InitialCredentials() {
    }

    static void establish(Credentials credentials, AuditLog audit,
            SecuritySettings.Declared declared, Path dataDir) {
        declared.users().forEach(user -> credentials.declareUser(user.username(),
                user.password(), user.kind(), user.vendor(), user.roles()));
        declared.clients().forEach(client -> credentials.declareClient(client.clientId(),
                client.secret(), client.vendor()));
        declared.apiKeys().forEach(key -> credentials.declareKey(key.key(), key.vendor()));
        if (!credentials.anyStaffUser()) {
            createFirstAdmin(credentials, audit, dataDir.resolve(PASSWORD_FILE));
        }
    }

    private static void createFirstAdmin(Credentials credentials, AuditLog audit,
            Path file) {
        String password = Credentials.randomPassword();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin's password to "
                    + file, e);
        }
        credentials.declareUser("admin", password, Party.Kind.STAFF, null, Set.of(Role.ADMIN));
        audit.credentialChange(null, "USER_CREATED", "user=admin kind=STAFF roles=[ADMIN]"
                + " first run");
        log.info("First staff user created user=admin passwordFile={}",
                file.toAbsolutePath());
    }
}
