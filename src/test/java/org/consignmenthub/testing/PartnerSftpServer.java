package org.consignmenthub.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * A partner's SFTP server in the test's own process (Apache MINA SSHD): password login, a
 * temporary folder as its root, listening on 127.0.0.1 on a free port. Partners upload
 * through a real SFTP session, so the hub sees the file exactly as it would in production.
 */
public final class PartnerSftpServer {

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

    private final String username;
    private final String password;
    private final Path root;
    private SshServer server;

    public PartnerSftpServer(String username, String password) {
        this.username = username;
        this.password = password;
        try {
            this.root = Files.createTempDirectory("partner-sftp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server and points the hub's SFTP intake at it: the hub polls
     * {@code root} on it every 200 ms as this partner.
     */
    public void startAsHubSource(DynamicPropertyRegistry registry, String root) {
        start();
        registry.add("hub.intake.sftp.enabled", () -> "true");
        registry.add("hub.intake.sftp.host", () -> "127.0.0.1");
        registry.add("hub.intake.sftp.port", this::port);
        registry.add("hub.intake.sftp.root", () -> root);
        registry.add("hub.intake.sftp.username", this::username);
        registry.add("hub.intake.sftp.password", this::password);
        registry.add("hub.intake.sftp.strict-host-key-checking", () -> "no");
        registry.add("hub.intake.sftp.poll-ms", () -> "200");
    }

    /** Starts the server once; later calls keep the running one. */
    public synchronized void start() {
        startOn(0);
    }

    /**
     * Drops every session, as a partner's server restarting would, and comes back on the
     * same port with the same files.
     */
    public synchronized void restart() {
        int port = port();
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
        startOn(port);
    }

    private void startOn(int port) {
        if (server != null) {
            return;
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        // The host key lives in memory: a test has no host key to pin.
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        sshd.setPasswordAuthenticator((user, secret, session) ->
                username.equals(user) && password.equals(secret));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the test SFTP server did not start", e);
        }
        server = sshd;
    }

    /** Stops the server and removes its folder with whatever the partners left in it. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
            FileSystemUtils.deleteRecursively(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /**
     * Uploads a file as a partner would, through an SFTP session, creating the folders of
     * {@code path} (relative to the server's root) on the way.
     */
    public void upload(String path, byte[] content) {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(username, "127.0.0.1", port())
                    .verify(LOGIN_TIMEOUT).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(LOGIN_TIMEOUT);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    makeFolders(sftp, path);
                    try (OutputStream out = sftp.write("/" + path)) {
                        out.write(content);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("upload of " + path + " failed", e);
        }
    }

    /**
     * Begins an upload that the test finishes later, as a partner writing a large file
     * slowly would: the first part is on the server, the file still open.
     */
    public SlowUpload beginUpload(String path, byte[] firstPart) {
        try {
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            ClientSession session = client.connect(username, "127.0.0.1", port())
                    .verify(LOGIN_TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(LOGIN_TIMEOUT);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            makeFolders(sftp, path);
            OutputStream out = sftp.write("/" + path);
            out.write(firstPart);
            out.flush();
            return new SlowUpload(client, out);
        } catch (IOException e) {
            throw new UncheckedIOException("upload of " + path + " failed", e);
        }
    }

    /** An upload under way; {@link #finish} writes the rest and closes the file. */
    public record SlowUpload(SshClient client, OutputStream out) {

        public void finish(byte[] rest) {
            try (SshClient closing = client; OutputStream file = out) {
                file.write(rest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void makeFolders(SftpClient sftp, String path) throws IOException {
        String[] parts = path.split("/");
        StringBuilder folder = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            folder.append('/').append(parts[i]);
            try {
                sftp.stat(folder.toString());
            } catch (IOException missing) {
                sftp.mkdir(folder.toString());
            }
        }
    }
}
