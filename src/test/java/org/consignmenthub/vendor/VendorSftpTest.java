package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Vendors drop files on the hub's own SFTP server: each signs in with its code and API key,
 * sees its own channel folders and nothing else, and every file it finishes is taken in as
 * that vendor's, whatever the file says.
 */
class VendorSftpTest extends HubIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private VendorSftpServer server;

    private SshClient client;
    private InboundMessages inbox;

    @BeforeEach
    void startClient() {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        inbox = new InboundMessages(books.jdbc());
    }

    @AfterEach
    void stopClient() throws IOException {
        client.close();
    }

    @Test
    void aVendorsFinishedUploadIsTakenInAsThatVendorsStock() throws Exception {
        try (SftpClient sftp = signIn("V1", TestCredentials.V1_API_KEY)) {
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("vendor-stock", "x12");

            write(sftp, "/vendor-stock/levels-1.csv", "sku,location,qty_available\nA,L1,7\n");
        }

        inbox.awaitFile("vendor-stock", "V1", "levels-1.csv");
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(7);
        assertThat(books.jdbc().queryForList("""
                select method, path, status from audit_log
                where party_kind = 'VENDOR' and vendor = 'V1' and method = 'SFTP'
                order by id""")).extracting(row -> row.get("path") + " " + row.get("status"))
                .containsExactly("login 200", "vendor-stock/levels-1.csv 202");
    }

    @Test
    void aFileNamingAnotherVendorsItemChangesNothingOfThatVendor() throws Exception {
        try (SftpClient sftp = signIn("V1", TestCredentials.V1_API_KEY)) {
            write(sftp, "/vendor-stock/levels-2.csv", "sku,location,qty_available\nD,L1,5\n");
        }

        inbox.awaitFile("vendor-stock", "V1", "levels-2.csv");
        assertThat(books.bucket("V2", "D", "L1", "AVAILABLE")).isZero();
        assertThat(books.bucket("V1", "D", "L1", "AVAILABLE")).isZero();
        assertThat(books.deadLetters()).extracting(row -> row.get("reason_code"))
                .containsExactly("NOT_VENDORS_SKU");
    }

    @Test
    void aVendorCannotReachAnotherVendorsFolderOrReshapeItsOwn() throws Exception {
        try (SftpClient v2 = signIn("V2", TestCredentials.V2_API_KEY)) {
            write(v2, "/vendor-stock/.v2-upload.csv", "sku,location,qty_available\nD,L1,1\n");
        }

        try (SftpClient sftp = signIn("V1", TestCredentials.V1_API_KEY)) {
            assertThat(names(sftp, "/..")).containsExactlyInAnyOrder("vendor-stock", "x12");
            assertThatThrownBy(() -> sftp.read("/../V2/vendor-stock/.v2-upload.csv").close())
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> write(sftp, "/loose.csv", "sku\n"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.mkdir("/vendor-stock/more"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.symLink("/vendor-stock/link", "/../V2"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aNameIntakeCouldNotMoveOrReadIsRefusedAtUpload() throws Exception {
        String tooLong = "n".repeat(201) + ".csv";
        try (SftpClient sftp = signIn("V1", TestCredentials.V1_API_KEY)) {
            assertThatThrownBy(() -> write(sftp, "/vendor-stock/" + tooLong, "sku\n"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> write(sftp, "/vendor-stock/a\\b.csv", "sku\n"))
                    .isInstanceOf(IOException.class);
            write(sftp, "/vendor-stock/.ok.csv", "sku\n");
            assertThatThrownBy(() -> sftp.rename("/vendor-stock/.ok.csv",
                    "/vendor-stock/" + tooLong)).isInstanceOf(IOException.class);

            assertThat(names(sftp, "/vendor-stock")).containsExactly(".ok.csv");
        }
    }

    @Test
    void anUploadUnderADotNameIsTakenInOnlyWhenRenamed() throws Exception {
        try (SftpClient sftp = signIn("V1", TestCredentials.V1_API_KEY)) {
            write(sftp, "/vendor-stock/.levels-3.csv", "sku,location,qty_available\nB,L1,4\n");
            assertThat(names(sftp, "/vendor-stock")).contains(".levels-3.csv");
            assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isZero();

            sftp.rename("/vendor-stock/.levels-3.csv", "/vendor-stock/levels-3.csv");
        }

        inbox.awaitFile("vendor-stock", "V1", "levels-3.csv");
        assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(4);
    }

    @Test
    void anotherVendorsKeyOrAWrongOneDoesNotSignIn() {
        assertThatThrownBy(() -> signIn("V1", TestCredentials.V2_API_KEY).close())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> signIn("V1", "chk_00000001.not-the-key").close())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> signIn("../V2", TestCredentials.V2_API_KEY).close())
                .isInstanceOf(IOException.class);
        assertThat(books.jdbc().queryForObject("""
                select count(*) from audit_log
                where method = 'SFTP' and path = 'login' and status = 401""", Long.class))
                .isGreaterThanOrEqualTo(3);
    }

    private SftpClient signIn(String vendor, String key) throws IOException {
        ClientSession session = client.connect(vendor, "127.0.0.1", server.port())
                .verify(PATIENCE).getSession();
        try {
            session.addPasswordIdentity(key);
            session.auth().verify(PATIENCE);
            return SftpClientFactory.instance().createSftpClient(session).singleSessionInstance();
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static void write(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> names(SftpClient sftp, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
            if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                names.add(entry.getFilename());
            }
        }
        return names;
    }
}
