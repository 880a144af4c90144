package io.switchboard.common.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;

/**
 * What Netty's decoder does itself when {@code closeOnProtocolViolation} is on: a frame the decoder (or the
 * UTF-8 validator) refused is answered with a close frame carrying the violation's code (1002 protocol error,
 * 1007 invalid UTF-8, 1009 frame too big), and the connection is closed once it is written. The failure is
 * not passed on, since Vert.x would close the connection at once, before the close frame is out; the
 * endpoint sees the socket close.
 */
final class CloseOnProtocolViolation extends ChannelInboundHandlerAdapter {
    /** A close frame's payload is at most 125 bytes: 2 for the code, the rest for the reason. */
    private static final int MAX_REASON_BYTES = 123;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!(cause instanceof CorruptedWebSocketFrameException violation)) {
            super.exceptionCaught(ctx, cause);
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        WebSocketCloseStatus status = violation.closeStatus();
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason(violation, status)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static String reason(CorruptedWebSocketFrameException violation, WebSocketCloseStatus status) {
        String reason = violation.getMessage() == null ? status.reasonText() : violation.getMessage();
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? reason : reason.substring(0, MAX_REASON_BYTES / 3);
    }
}
