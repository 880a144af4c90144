package io.switchboard.common.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One server-to-client text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked) encoded once and written as it is to
 * many sockets: what Socket.IO's broadcast does with its pre-encoded packets. A fan-out to N sockets then encodes the
 * text to UTF-8 and the frame header once instead of N times, and writes no Vert.x frame, promise or listener per
 * socket: each socket gets a retained duplicate of the same bytes ({@link #writeTo}).
 * <p>
 * Only for a socket whose pipeline transforms no frame ({@link #writable}): a negotiated extension such as
 * permessage-deflate rewrites every frame and must see a frame object, so such a socket is written the usual way.
 * The caller writes on the channel's event loop, after checking the socket is open; a failed write is ignored here,
 * as a lost socket is handled by its close.
 */
public final class PrebuiltTextFrame {
    private final ByteBuf bytes;

    private PrebuiltTextFrame(ByteBuf bytes) {
        this.bytes = bytes;
    }

    /** Encodes {@code text} into one final, unmasked text frame held by the caller (release it with {@link #release}). */
    public static PrebuiltTextFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        buf.writeByte(0x81);
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
        buf.writeBytes(payload);
        return new PrebuiltTextFrame(buf);
    }

    /**
     * A promise for {@link #writeTo} on this channel, or null when frames may not be written to it prebuilt: it has no
     * WebSocket frame encoder (not a WebSocket), or an extension encoder transforms its frames. The promise is a
     * void one that reports no failure (the socket's close does), so it is kept per socket and reused.
     */
    public static ChannelPromise writable(Channel channel) {
        boolean webSocket = false;
        for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
            if (handler.getValue() instanceof WebSocketExtensionEncoder) {
                return null;
            }
            webSocket |= handler.getValue() instanceof WebSocketFrameEncoder;
        }
        return webSocket ? new VoidChannelPromise(channel, false) : null;
    }

    /** Holds the frame for one more user (e.g. a task that writes it to its loop's sockets), released by it. */
    public PrebuiltTextFrame retain() {
        bytes.retain();
        return this;
    }

    public void release() {
        bytes.release();
    }

    /** Writes and flushes the frame to one socket's channel; call on its event loop, with {@link #writable}'s promise. */
    public void writeTo(Channel channel, ChannelPromise promise) {
        channel.writeAndFlush(bytes.retainedDuplicate(), promise);
    }

    /** The encoded frame's bytes, for tests. */
    ByteBuf bytes() {
        return bytes;
    }
}
