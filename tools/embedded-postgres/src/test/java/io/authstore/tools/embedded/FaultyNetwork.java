package io.authstore.tools.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server that a test can turn into a bad network: silent (connections are accepted and read,
 * but nothing is forwarded and nothing answered, as behind a partition, a dead NAT entry or a frozen VM), reset
 * (every connection closed with an RST), or slow (a delay before every chunk it forwards). Connections that went
 * silent stay silent, as a dead route does; {@link #heal()} lets new connections through again.
 *
 * <p>One virtual thread per direction and connection; for tests only (it is in the test-jar of this module).
 */
public final class FaultyNetwork implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean newLinksSilent;
    private volatile long latencyMillis;

    public FaultyNetwork(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on the loopback interface: " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("faulty-network-accept").start(this::acceptLoop);
    }

    /** The port to connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Every connection, open or new, goes silent. */
    public void silence() {
        newLinksSilent = true;
        silenceOpenConnections();
    }

    /** The open connections go silent; new ones still get through (a dead NAT or load-balancer entry). */
    public void silenceOpenConnections() {
        links.forEach(Link::silence);
    }

    /** New connections get through again; the ones that went silent stay dead. */
    public void heal() {
        newLinksSilent = false;
    }

    /** Closes every open connection with an RST, on both sides; new connections still get through. */
    public void resetOpenConnections() {
        links.forEach(Link::reset);
    }

    /** Delays every chunk forwarded, in either direction, by this much (zero for none). */
    public void latency(Duration perChunk) {
        latencyMillis = perChunk.toMillis();
    }

    /** The local ports of the proxy's connections to the server, as the server sees them (its peers' ports). */
    public List<Integer> serverSidePeerPorts() {
        return links.stream()
                .map(link -> link.server)
                .filter(socket -> socket != null && socket.isConnected())
                .map(Socket::getLocalPort)
                .toList();
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return links.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Link link = new Link(client, newLinksSilent);
            links.add(link);
            Thread.ofVirtual().name("faulty-network-link").start(link::open);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private final class Link {
        private final Socket client;
        private volatile Socket server;
        private volatile boolean silent;

        Link(Socket client, boolean silent) {
            this.client = client;
            this.silent = silent;
        }

        void open() {
            if (silent) {
                // Never reaches the server: reads and drops what the client sends until it gives up.
                pump(client, null);
                return;
            }
            try {
                server = new Socket();
                server.connect(target, 5_000);
            } catch (IOException e) {
                close();
                return;
            }
            Thread.ofVirtual().name("faulty-network-up").start(() -> pump(client, server));
            pump(server, client);
        }

        /** Forwards {@code from} to {@code to} (drops it while silent, or with no {@code to}) until either closes. */
        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to == null ? null : to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long delay = latencyMillis;
                    if (delay > 0 && !silent) {
                        Thread.sleep(delay);
                    }
                    if (!silent && out != null) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException closed) {
                // one side went away
            }
            close();
        }

        void silence() {
            silent = true;
        }

        void reset() {
            try {
                client.setSoLinger(true, 0);
                Socket upstream = server;
                if (upstream != null) {
                    upstream.setSoLinger(true, 0);
                }
            } catch (IOException ignored) {
                // already closed
            }
            close();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            Socket upstream = server;
            if (upstream != null) {
                closeQuietly(upstream);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
