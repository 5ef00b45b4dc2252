package io.hostbridge.binding.imageio;

import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.bridge.Bridge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.NonStickyEventExecutorGroup;
import io.netty.util.concurrent.UnorderedThreadPoolEventExecutor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image data server: imageio's protocol on a TCP port and on a unix socket (Netty; epoll where the
 * platform has it, which the unix socket needs). Network threads only move bytes; requests run on a pool of
 * request threads, each connection's in order.
 */
@Singleton
public final class ImageServer implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ImageServer.class);

    private final Bridge bridge;
    private final ImageTransfers transfers;
    private final ImageioSettings settings;
    private final SslContext tls;
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup network;
    private EventExecutorGroup requestThreads;
    private UnorderedThreadPoolEventExecutor pool;
    private Channel tcp;
    private Channel unix;

    @Inject
    public ImageServer(Bridge bridge, ImageTransfers transfers, ImageioSettings settings, Optional<HostTls> hostTls) {
        this.bridge = bridge;
        this.tls = !settings.tls() ? null : hostTls.map(ImageServer::serverContext).orElseThrow(
                () -> new IllegalStateException("imageio.tls needs the host's TLS material"));
        this.transfers = transfers;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "image data server";
    }

    @Override
    public int phase() {
        return 100;
    }

    @Override
    public void start() throws Exception {
        boolean epoll = Epoll.isAvailable();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        network = epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("imageio-net", true))
                : new NioEventLoopGroup(threads, new DefaultThreadFactory("imageio-net", true));
        pool = new UnorderedThreadPoolEventExecutor(settings.workerThreads(),
                new DefaultThreadFactory("imageio-request", true));
        requestThreads = new NonStickyEventExecutorGroup(pool);
        tcp = bootstrap("tcp", tls).channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .bind(new InetSocketAddress(settings.address(), settings.port())).sync().channel();
        LOG.info("image data server on {} ({}, {})", tcp.localAddress(), tls == null ? "plain HTTP" : "TLS",
                epoll ? "epoll" : "nio");
        if (settings.socket() != null) {
            if (!epoll) {
                LOG.warn("no unix socket for image transfers: Netty's epoll transport is not available here ({})",
                        Epoll.unavailabilityCause().toString());
                return;
            }
            Path path = settings.socket();
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.deleteIfExists(path); // a socket left by an agent that did not stop cleanly
            unix = bootstrap("unix", null).channel(EpollServerDomainSocketChannel.class)
                    .bind(new DomainSocketAddress(path.toString())).sync().channel();
            LOG.info("image data server on unix socket {}", path);
        }
    }

    /** The host certificate, TLS 1.2 and 1.3, no client certificate asked for (a ticket authorizes its transfer). */
    private static SslContext serverContext(HostTls host) {
        return new JdkSslContext(host.server(), false, null, IdentityCipherSuiteFilter.INSTANCE,
                ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, host.protocols().toArray(String[]::new), false);
    }

    private ServerBootstrap bootstrap(String transport, SslContext sslContext) {
        return new ServerBootstrap().group(network)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65536, 1 << 20))
                .childHandler(new Connections(bridge, transfers, settings, requestThreads, transport, open, sslContext));
    }

    /** Whether the TCP port speaks TLS. */
    public boolean secure() {
        return tls != null;
    }

    /** The bound TCP address. */
    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcp.localAddress();
    }

    /** The unix socket, when one is listening. */
    public Optional<Path> unixSocket() {
        return unix == null ? Optional.empty() : Optional.of(settings.socket());
    }

    @Override
    public void stop() {
        if (tcp != null) {
            tcp.close().awaitUninterruptibly();
        }
        if (unix != null) {
            unix.close().awaitUninterruptibly();
            try {
                Files.deleteIfExists(settings.socket());
            } catch (IOException e) {
                LOG.warn("cannot remove {}", settings.socket(), new UncheckedIOException(e));
            }
        }
        if (network != null) {
            network.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (pool != null) {
            pool.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
