package io.authstore.storage.jooq;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import java.time.Duration;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * TCP keepalive well below the kernel's two hours, on the client's sockets and, through the startup options, on the
 * server's: a peer that vanished (a partition, a dead NAT entry, a crashed host) is noticed while its connection sits
 * idle, by the pool (whose check then finds it closed) and by PostgreSQL (which then ends the session and releases its
 * locks). r2dbc-postgresql only switches keepalive on; its timing is a socket option, set here on each channel as
 * reactor-netty creates it, so it costs nothing per statement.
 *
 * <p>The event loops are reactor-netty's shared ones, as without this class; disposing it leaves them running.
 */
final class TcpKeepAlive implements LoopResources {

    private static final Logger LOG = LoggerFactory.getLogger(TcpKeepAlive.class);
    static final int PROBES = 3;

    private final LoopResources shared = TcpResources.get();
    private final int idleSeconds;
    private final int intervalSeconds;

    TcpKeepAlive(Duration idle) {
        this.idleSeconds = (int) Math.max(1, idle.toSeconds());
        this.intervalSeconds = Math.max(1, idleSeconds / 3);
    }

    /** The same for PostgreSQL's end of the connection: its settings, sent when the connection starts. */
    Map<String, String> serverOptions() {
        return Map.of("tcp_keepalives_idle", String.valueOf(idleSeconds),
                "tcp_keepalives_interval", String.valueOf(intervalSeconds),
                "tcp_keepalives_count", String.valueOf(PROBES));
    }

    @Override
    public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
        C channel = shared.onChannel(channelType, group);
        boolean set = channel.config().setOption(ChannelOption.SO_KEEPALIVE, true)
                && setKeepAlive(channel, "TCP_KEEPIDLE", ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds)
                && setKeepAlive(channel, "TCP_KEEPINTVL", ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds)
                && setKeepAlive(channel, "TCP_KEEPCNT", ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        if (!set) {
            LOG.debug("could not tune TCP keepalive on a {}: the kernel's timing applies", channel.getClass().getName());
        }
        return channel;
    }

    /** Through netty's epoll option when it runs on epoll, through the JDK's extended option on NIO. */
    private static boolean setKeepAlive(Channel channel, String epollName,
            java.net.SocketOption<Integer> nioOption, int value) {
        if (channel.getClass().getName().startsWith("io.netty.channel.epoll.")) {
            ChannelOption<Integer> epoll = ChannelOption.valueOf("io.netty.channel.epoll.EpollChannelOption#" + epollName);
            return channel.config().setOption(epoll, value);
        }
        return channel.config().setOption(NioChannelOption.of(nioOption), value);
    }

    @Override
    public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
        return shared.onChannelClass(channelType, group);
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return shared.onClient(useNative);
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return shared.onServer(useNative);
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return shared.onServerSelect(useNative);
    }

    @Override
    public boolean daemon() {
        return shared.daemon();
    }

    @Override
    public void dispose() {
        // the shared event loops are reactor-netty's, not this pool's
    }

    @Override
    public Mono<Void> disposeLater() {
        return Mono.empty();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.empty();
    }
}
