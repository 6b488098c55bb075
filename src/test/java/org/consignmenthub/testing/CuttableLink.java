package org.consignmenthub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A TCP relay on the loopback interface between the hub and a real server (PostgreSQL, say)
 * that a test can cut, as a network partition or a server restart would: open connections
 * are torn down and new ones are refused until the link is restored.
 */
public final class CuttableLink implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public CuttableLink(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "cuttable-link-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A link from the hub under test to the test database, the hub pointed at it. */
    public static CuttableLink toTestDatabase(DynamicPropertyRegistry registry) {
        URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
        CuttableLink link = new CuttableLink(database.getHost(), database.getPort());
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:"
                + link.port() + database.getPath());
        return link;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Tears down every open connection and refuses new ones. */
    public synchronized void cut() {
        cut = true;
        open.forEach(CuttableLink::closeQuietly);
        open.clear();
    }

    public synchronized void restore() {
        cut = false;
    }

    /**
     * Registers a relayed connection unless the link was cut meanwhile: a connection made
     * while the link is being cut must not survive it.
     */
    private synchronized boolean admit(Socket client, Socket server) {
        if (cut) {
            return false;
        }
        open.add(client);
        open.add(server);
        return true;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket();
                server.connect(target, 5_000);
                if (!admit(client, server)) {
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // A refused or failed connection is what the hub must cope with; go on.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side went away or the link was cut.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "cuttable-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
