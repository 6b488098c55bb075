package org.consignmenthub.vendor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.consignmenthub.security.AuditLog;
import org.consignmenthub.security.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The hub's own SFTP server for vendors. A vendor logs in with its vendor code as user name
 * and one of its live API keys as password, and sees one folder of its own holding a
 * sub-folder per channel it may send through (for example {@code vendor-stock/} and
 * {@code x12/}). Nothing outside that folder exists for the session.
 *
 * <p>A file is handed to intake only once the vendor has closed it after writing (or renamed
 * a dot-named upload to its final name): it is then moved in one step into
 * {@code <inbound>/<channel>/<vendor>/}, where the file-drop route takes it. So a
 * half-written upload is never read, and the vendor of a file is the folder it was dropped
 * in, whatever its content says.
 */
public final class VendorSftpServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VendorSftpServer.class);

    /** Vendor codes become folder names, so only plain codes may log in. */
    private static final AttributeRepository.AttributeKey<Party> PARTY =
            new AttributeRepository.AttributeKey<>();

    /** Leaves room for the date intake adds when it moves a file to its done folder. */
    private static final int MAX_NAME_BYTES = 200;
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Settings settings;
    private final VendorLogins logins;
    private final AuditLog audit;
    private final Object handOverLock = new Object();
    private volatile SshServer server;

    /**
     * Where and how the server listens: {@code uploadsDir} holds each vendor's own folder,
     * {@code inboundDir} is the file-drop folder that intake reads, {@code channels} the
     * folders a vendor may upload to.
     */
    public record Settings(String host, int port, Path hostKeyFile, Path uploadsDir,
            Path inboundDir, List<String> channels) {

        public Settings {
            // A session's file system is rooted in a folder that must not move with the
            // working directory.
            uploadsDir = uploadsDir.toAbsolutePath().normalize();
            inboundDir = inboundDir.toAbsolutePath().normalize();
            channels = List.copyOf(channels);
        }
    }

    public VendorSftpServer(Settings settings, VendorLogins logins, AuditLog audit) {
        this.settings = settings;
        this.logins = logins;
        this.audit = audit;
    }

    @Override
    public synchronized void start() {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(settings.host());
        sshd.setPort(settings.port());
        // Kept on disk so that vendors who pinned the host key are not warned after a restart.
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(settings.hostKeyFile()));
        sshd.setPasswordAuthenticator((user, secret, session) -> login(user, secret, session));
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setFileSystemFactory(new VendorFolders());
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new HandOver());
        sshd.setSubsystemFactories(List.of(sftp));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the vendor SFTP server could not listen on "
                    + settings.host() + ":" + settings.port(), e);
        }
        server = sshd;
        log.info("Vendor SFTP listening host={} port={} channels={}", settings.host(), port(),
                settings.channels());
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            log.warn("Vendor SFTP server did not stop cleanly", e);
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port listened on: the configured one, or the one chosen when that was 0. */
    public int port() {
        return server.getPort();
    }

    private boolean login(String vendor, String secret, ServerSession session) {
        String from = String.valueOf(session.getClientAddress());
        Party party = SAFE_CODE.matcher(vendor).matches()
                ? logins.login(vendor, secret).orElse(null) : null;
        if (party == null) {
            audit.request(null, "SFTP", "login", 401, from);
            log.warn("Vendor SFTP login refused from={}", from);
            return false;
        }
        prepareFolders(vendor);
        session.setAttribute(PARTY, party);
        audit.request(party, "SFTP", "login", 200, from);
        log.info("Vendor SFTP login vendor={} from={}", vendor, from);
        return true;
    }

    private void prepareFolders(String vendor) {
        try {
            for (String channel : settings.channels()) {
                Files.createDirectories(home(vendor).resolve(channel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path home(String vendor) {
        return settings.uploadsDir().resolve(vendor);
    }

    /** Each session's file system is rooted in its vendor's own folder. */
    private final class VendorFolders extends VirtualFileSystemFactory {

        @Override
        public Path getUserHomeDir(SessionContext session) {
            return home(session.getUsername());
        }
    }

    /**
     * Intake moves a finished file to a dated name in its done folder and reads names as
     * text: a name it could not move or read would sit in the folder, never taken in, so
     * such names are refused at upload.
     */
    private static void requireReadableName(Path path) throws AccessDeniedException {
        String name = path.getFileName().toString();
        boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || name.contains("\\") || control) {
            throw new AccessDeniedException(path.toString(), null, "a file name has at most "
                    + MAX_NAME_BYTES + " bytes and no backslash or control character");
        }
    }

    /**
     * Keeps each vendor's folder shaped as intake expects (files only, only in channel
     * folders, no links) and hands finished uploads to intake.
     */
    private final class HandOver implements SftpEventListener {

        @Override
        public void opening(ServerSession session, String remoteHandle, Handle handle)
                throws IOException {
            if (handle instanceof FileHandle file && writes(file) && channelOf(file.getFile())
                    == null) {
                throw new AccessDeniedException(file.getFile().toString(), null,
                        "files go into one of the channel folders " + settings.channels());
            }
            if (handle instanceof FileHandle file && writes(file)) {
                requireReadableName(file.getFile());
            }
        }

        @Override
        public void closed(ServerSession session, String remoteHandle, Handle handle,
                Throwable thrown) throws IOException {
            if (thrown == null && handle instanceof FileHandle file && writes(file)) {
                handOver(session, file.getFile());
            }
        }

        @Override
        public void moved(ServerSession session, Path source, Path target,
                Collection<java.nio.file.CopyOption> opts, Throwable thrown) throws IOException {
            if (thrown == null) {
                handOver(session, target);
            }
        }

        @Override
        public void moving(ServerSession session, Path source, Path target,
                Collection<java.nio.file.CopyOption> opts) throws IOException {
            if (channelOf(target) == null) {
                throw new AccessDeniedException(target.toString(), null,
                        "files go into one of the channel folders " + settings.channels());
            }
            requireReadableName(target);
        }

        @Override
        public void creating(ServerSession session, Path path, Map<String, ?> attrs)
                throws IOException {
            throw new AccessDeniedException(path.toString(), null,
                    "folders are fixed: one per channel");
        }

        @Override
        public void linking(ServerSession session, Path source, Path target, boolean symLink)
                throws IOException {
            throw new AccessDeniedException(source.toString(), null, "links are not allowed");
        }

        @Override
        public void removing(ServerSession session, Path path, boolean isDirectory)
                throws IOException {
            if (isDirectory) {
                throw new AccessDeniedException(path.toString(), null,
                        "folders are fixed: one per channel");
            }
        }
    }

    private static boolean writes(FileHandle file) {
        return file.getOpenOptions().contains(StandardOpenOption.WRITE)
                || file.getOpenOptions().contains(StandardOpenOption.APPEND);
    }

    /** The channel folder a path sits directly in, or null when it is anywhere else. */
    private String channelOf(Path virtualPath) {
        Path absolute = virtualPath.toAbsolutePath().normalize();
        if (absolute.getNameCount() != 2) {
            return null;
        }
        String channel = absolute.getName(0).toString();
        return settings.channels().contains(channel) ? channel : null;
    }

    /**
     * Moves a finished upload into intake's folder for its channel and vendor. Dot-named
     * files are uploads still in progress under a temporary name and stay where they are.
     */
    private void handOver(ServerSession session, Path virtualPath) throws IOException {
        String vendor = session.getUsername();
        String channel = channelOf(virtualPath);
        String name = virtualPath.getFileName().toString();
        if (channel == null || name.startsWith(".")) {
            return;
        }
        Path uploaded = home(vendor).resolve(channel).resolve(name);
        if (!Files.isRegularFile(uploaded)) {
            return;
        }
        Path folder = Files.createDirectories(settings.inboundDir().resolve(channel)
                .resolve(vendor));
        long bytes = Files.size(uploaded);
        Path target;
        // Two sessions finishing same-named files at once must not pick the same free name.
        synchronized (handOverLock) {
            target = freeName(folder, name);
            Files.move(uploaded, target, StandardCopyOption.ATOMIC_MOVE);
        }
        audit.request(session.getAttribute(PARTY), "SFTP", channel + "/" + name, 202,
                String.valueOf(session.getClientAddress()));
        log.info("Vendor file received vendor={} channel={} file={} bytes={}", vendor, channel,
                target.getFileName(), bytes);
    }

    /**
     * A name in {@code folder} that no waiting file has: an atomic move would replace a
     * same-named file intake has not taken yet, and that file would be lost.
     */
    private static Path freeName(Path folder, String name) {
        Path target = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(target); n++) {
            target = folder.resolve(stem + "-" + n + extension);
        }
        return target;
    }
}
