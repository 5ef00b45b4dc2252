package io.hostbridge.http;

import io.hostbridge.bridge.Peer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's unix socket. Grizzly cannot listen on one, so each accepted connection is relayed (Netty, epoll) to the
 * local listener, a plain Grizzly listener on a loopback port: before the relay connects, it binds its own end,
 * and the peer's credentials (SO_PEERCRED: the kernel's word for uid, gid and pid) are registered under that end's
 * port. The local listener accepts only connections registered so, and knows their peers from the registration —
 * so another process connecting to its port gets nothing, and nobody can claim another's uid.
 */
final class LocalSocket {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSocket.class);

    private final Map<Integer, Peer.UnixUser> byPort = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel server;
    private Path path;

    /** The peer registered for a connection to the local listener from {@code port}, or null. */
    Peer.UnixUser peerAt(int port) {
        return byPort.get(port);
    }

    /**
     * Listens on {@code socket} (mode 0660; its group the agent's, root's, unless {@code socketGroup} names one),
     * relaying to {@code target}. Who may call is decided per connection from its peer credentials, not by the mode.
     */
    void start(Path socket, String socketGroup, InetSocketAddress target) throws IOException, InterruptedException {
        path = socket;
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket); // left by an agent that did not stop cleanly
        group = new EpollEventLoopGroup(1, new DefaultThreadFactory("api-socket", true));
        server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        ch.pipeline().addLast(new Front(target));
                    }
                })
                .bind(new DomainSocketAddress(socket.toString())).sync().channel();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        if (socketGroup != null) {
            GroupPrincipal owner = socket.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(socketGroup);
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(owner);
        }
        LOG.info("API on unix socket {} (mode 0660, {})", socket, socketGroup == null ? "root only"
                : "root and group " + socketGroup);
    }

    void stop() {
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", path, e.getMessage());
            }
        }
    }

    /** The socket's side of one relayed connection: reads only as fast as the local listener takes the bytes. */
    private final class Front extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        private Channel back;

        Front(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel front = ctx.channel();
            PeerCredentials who;
            try {
                who = ((EpollDomainSocketChannel) front).peerCredentials();
            } catch (IOException e) {
                LOG.warn("unix socket peer without credentials: {}", e.getMessage());
                front.close();
                return;
            }
            int[] gids = who.gids();
            Peer.UnixUser peer = new Peer.UnixUser(who.uid(), gids.length > 0 ? gids[0] : -1, who.pid());
            Channel out = new Bootstrap().group(front.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false).handler(new Back(front)).register().channel();
            out.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).addListener(bound -> {
                if (!bound.isSuccess()) {
                    front.close();
                    return;
                }
                int port = ((InetSocketAddress) out.localAddress()).getPort();
                byPort.put(port, peer);
                out.closeFuture().addListener(closed -> byPort.remove(port));
                out.connect(target).addListener(connected -> {
                    if (!connected.isSuccess()) {
                        LOG.warn("unix socket: the local listener did not answer: {}", connected.cause().toString());
                        out.close();
                        front.close();
                        return;
                    }
                    back = out;
                    front.read();
                    out.read();
                });
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            relay(ctx, msg, back);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (back != null) {
                closeOnFlush(back);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("unix socket connection failed: {}", cause.toString());
            closeOnFlush(ctx.channel());
        }
    }

    /** The local listener's side: writes back to the socket as fast as its peer reads. */
    private static final class Back extends ChannelInboundHandlerAdapter {
        private final Channel front;

        Back(Channel front) {
            this.front = front;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            relay(ctx, msg, front);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(front);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }

    /** Passes what one side read to the other; reads on only once it is written (back-pressure). */
    private static void relay(ChannelHandlerContext from, Object msg, Channel to) {
        to.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                from.channel().read();
            } else {
                f.channel().close();
            }
        });
    }

    private static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
