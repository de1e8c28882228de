package io.authstore.tools.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Sockets for pgjdbc ({@code socketFactory}) with TCP keepalive well below the kernel's two hours: the first probe
 * after {@value #IDLE_SECONDS} s of silence, then every {@value #INTERVAL_SECONDS} s, the peer declared dead after
 * {@value #PROBES} unanswered probes. pgjdbc can switch keepalive on but not tune it; this is what lets a migration
 * that waits for a long statement notice a server or network that is gone, without a read timeout that would cut
 * the statement short.
 */
public final class KeepAliveSocketFactory extends SocketFactory {

    static final int IDLE_SECONDS = 15;
    static final int INTERVAL_SECONDS = 5;
    static final int PROBES = 3;

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        try {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        } catch (UnsupportedOperationException | SocketException e) {
            // not on this platform: the kernel's timing applies
        }
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new java.net.InetSocketAddress(localHost, localPort));
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
        socket.connect(new java.net.InetSocketAddress(address, port));
        return socket;
    }

    private Socket connected(java.net.InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }
}
