package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The first administrator, and the token signing key that outlives a restart. */
@ExtendWith(OutputCaptureExtension.class)
class InitialCredentialsTest extends HubIntegrationTest {

    @Autowired
    Credentials credentials;

    @Autowired
    AuditLog audit;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void withoutStaffTheHubMakesAnAdminWhosePasswordOnlyTheFileHolds(@TempDir Path dataDir,
            CapturedOutput output) throws Exception {
        TransactionTemplate inTransaction = new TransactionTemplate(transactions);

        // The declared test users are put aside inside a transaction that is rolled back.
        inTransaction.executeWithoutResult(status -> {
            books.jdbc().update("delete from hub_user where kind = 'STAFF'");
            InitialCredentials.establish(credentials, audit,
                    new SecuritySettings.Declared(List.of(), List.of(), List.of()), dataDir);

            String password = readPassword(dataDir.resolve("initial-admin-password"));
            HubUser admin = credentials.user("admin").orElseThrow();
            assertThat(admin.party().roles()).containsExactly(Role.ADMIN);
            assertThat(passwords.matches(password, admin.passwordHash())).isTrue();
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            assertThat(output.getAll()).contains(dataDir.resolve("initial-admin-password")
                    .toAbsolutePath().toString()).doesNotContain(password);
            assertThat(books.jdbc().queryForList(
                    "select action from audit_log where detail like 'user=admin%'",
                    String.class)).containsExactly("USER_CREATED");
            status.setRollbackOnly();
        });

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDir.resolve("initial-admin-password")))).isEqualTo("rw-------");
        assertThat(credentials.user("test-admin")).isPresent();
    }

    @Test
    void theSigningKeyIsKeptAndReadBackAfterARestart(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("security").resolve("token-signing-key.json");

        String first = SigningKey.loadOrCreate(file).getKeys().get(0).toJSONString();
        String again = SigningKey.loadOrCreate(file).getKeys().get(0).toJSONString();

        assertThat(again).isEqualTo(first).contains("\"d\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
