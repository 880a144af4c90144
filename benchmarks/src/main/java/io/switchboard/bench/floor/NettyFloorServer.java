package io.switchboard.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A raw Netty 4.1 WebSocket server on {@code /devices/ws}, for the floor of a WebSocket on this JVM. Each socket
 * holds a {@link FloorSession} (in one map by device id, and as the socket's own handler state). {@code GET /ready}
 * answers 200.
 * <p>
 * {@code --mode}:
 * <ul>
 *   <li>{@code protocol}: {@code WebSocketServerProtocolHandler} (it keeps its handshaker in a channel attribute);</li>
 *   <li>{@code manual}: a {@code WebSocketServerHandshaker} run by hand; the request, its headers and the
 *       handshaker are dropped once the handshake is written; the pipeline is then the frame decoder, the frame
 *       encoder and one handler holding the session.</li>
 * </ul>
 * {@code java -Xms64m -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks-all.jar
 * io.switchboard.bench.floor.NettyFloorServer --port 38182 --mode manual}
 */
public final class NettyFloorServer {
    private static final System.Logger LOG = System.getLogger(NettyFloorServer.class.getName());
    private static final String PATH = "/devices/ws";
    private static final AttributeKey<FloorSession> SESSION = AttributeKey.valueOf("floor.session");

    private NettyFloorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(FloorSession.arg(args, "--port", "38182"));
        String mode = FloorSession.arg(args, "--mode", "manual");
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        NioEventLoopGroup workers = new NioEventLoopGroup(2);
        FrameHandler frames = new FrameHandler();
        Sessions sessions = new Sessions();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192));
                        if (mode.equals("protocol")) {
                            ch.pipeline().addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(PATH).checkStartsWith(false).maxFramePayloadLength(65536)
                                    .handleCloseFrames(true).build()));
                            ch.pipeline().addLast(new ProtocolHandler(sessions), frames);
                        } else {
                            ch.pipeline().addLast(new ManualHandshake(frames, sessions));
                        }
                    }
                });
        Channel server = b.bind(port).sync().channel();
        LOG.log(System.Logger.Level.INFO, "netty floor server ({0}) on {1}", mode, Integer.toString(port));
        server.closeFuture().sync();
    }

    /** The open sockets' sessions, held by this server process (one per run of the experiment). */
    private static final class Sessions {
        private final Map<String, FloorSession> open = new ConcurrentHashMap<>();

        boolean ready(ChannelHandlerContext ctx, FullHttpRequest req) {
            return NettyFloorServer.ready(ctx, req, open.size());
        }

        void open(Channel ch, String device) {
            FloorSession session = new FloorSession(device);
            open.put(device, session);
            ch.attr(SESSION).set(session);
            ch.closeFuture().addListener(f -> open.remove(device, session));
        }
    }

    private static boolean ready(ChannelHandlerContext ctx, FullHttpRequest req, int sockets) {
        if (!req.uri().startsWith("/ready")) {
            return false;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("ready " + sockets, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        ctx.writeAndFlush(res);
        return true;
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** Mode {@code protocol}: answers /ready; the token is read from the handshake-complete event. */
    private static final class ProtocolHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Sessions sessions;

        ProtocolHandler(Sessions sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!sessions.ready(ctx, req)) {
                refuse(ctx, HttpResponseStatus.NOT_FOUND);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                String device = FloorSession.subject(hc.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
                if (device == null) {
                    ctx.close();
                    return;
                }
                sessions.open(ctx.channel(), device);
                ctx.pipeline().remove(this);
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }

    /** Mode {@code manual}: the handshake by hand, then this handler leaves the pipeline with the request. */
    private static final class ManualHandshake extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final FrameHandler frames;

        private final Sessions sessions;

        ManualHandshake(FrameHandler frames, Sessions sessions) {
            this.sessions = sessions;
            this.frames = frames;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (sessions.ready(ctx, req)) {
                return;
            }
            if (!req.uri().equals(PATH)) {
                refuse(ctx, HttpResponseStatus.NOT_FOUND);
                return;
            }
            String device = FloorSession.subject(req.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (device == null) {
                refuse(ctx, HttpResponseStatus.UNAUTHORIZED);
                return;
            }
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://localhost" + PATH, null, false, 65536)
                    .newHandshaker(req);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            // handshake() swaps HttpServerCodec for the frame decoder and encoder, removes the aggregator;
            // this handler (and with it the request) leaves the pipeline too
            Channel ch = ctx.channel();
            ctx.pipeline().replace(this, "frames", frames);
            handshaker.handshake(ch, req).addListener(f -> {
                if (f.isSuccess()) {
                    sessions.open(ch, device);
                } else {
                    ch.close();
                }
            });
        }
    }

    /** Shared by every socket: a ping is answered, a close is echoed, anything else counts as life. */
    @ChannelHandler.Sharable
    private static final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            FloorSession session = ctx.channel().attr(SESSION).get();
            if (session != null) {
                session.lastSeenNanos = System.nanoTime();
            }
            if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
