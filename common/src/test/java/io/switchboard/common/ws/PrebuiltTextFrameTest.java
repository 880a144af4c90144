package io.switchboard.common.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrebuiltTextFrameTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 300, 65535, 65536, 70000})
    void shouldEncodeTheBytesNettysServerEncoderWrites(int length) {
        String text = "é".repeat(length / 2) + "x".repeat(length % 2); // two UTF-8 bytes per é: byte length = length
        PrebuiltTextFrame frame = PrebuiltTextFrame.of(text);
        try {
            assertThat(ByteBufUtil.hexDump(frame.bytes())).isEqualTo(ByteBufUtil.hexDump(nettyEncoded(text)));
        } finally {
            frame.release();
        }
    }

    @Test
    void shouldWriteTheSameBytesToEverySocketAndFreeThemOnceAllAreDone() {
        PrebuiltTextFrame frame = PrebuiltTextFrame.of("{\"jsonrpc\":\"2.0\",\"method\":\"event\"}");
        String expected = ByteBufUtil.hexDump(nettyEncoded("{\"jsonrpc\":\"2.0\",\"method\":\"event\"}"));
        List<EmbeddedChannel> sockets = List.of(webSocket(), webSocket(), webSocket());
        for (EmbeddedChannel socket : sockets) {
            ChannelPromise promise = PrebuiltTextFrame.writable(socket);
            assertThat(promise).isNotNull();
            frame.writeTo(socket, promise);
            frame.writeTo(socket, promise); // the promise is reused
        }
        for (EmbeddedChannel socket : sockets) {
            for (int i = 0; i < 2; i++) {
                ByteBuf written = socket.readOutbound();
                assertThat(ByteBufUtil.hexDump(written)).isEqualTo(expected);
                written.release(); // what the transport does once the bytes are sent
            }
            assertThat((Object) socket.readOutbound()).isNull();
        }
        assertThat(frame.bytes().refCnt()).isEqualTo(1);
        frame.release();
        assertThat(frame.bytes().refCnt()).isZero();
    }

    @Test
    void shouldRefuseASocketWhoseFramesAnExtensionTransforms() {
        EmbeddedChannel compressed = new EmbeddedChannel(new WebSocket13FrameEncoder(false), new Deflating());
        assertThat(PrebuiltTextFrame.writable(compressed)).isNull();
    }

    @Test
    void shouldRefuseAChannelThatIsNoWebSocket() {
        assertThat(PrebuiltTextFrame.writable(new EmbeddedChannel())).isNull();
    }

    @Test
    void shouldNotReportAFailedWriteToTheSocketsHandlers() {
        EmbeddedChannel socket = webSocket();
        ChannelPromise promise = PrebuiltTextFrame.writable(socket);
        socket.close();
        PrebuiltTextFrame frame = PrebuiltTextFrame.of("late");
        frame.writeTo(socket, promise);
        socket.checkException(); // a void promise that fires exceptions would rethrow the ClosedChannelException here
        assertThat(frame.bytes().refCnt()).isEqualTo(1); // the duplicate's hold was released by the failed write
        frame.release();
    }

    private static EmbeddedChannel webSocket() {
        return new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    }

    private static ByteBuf nettyEncoded(String text) {
        EmbeddedChannel channel = webSocket();
        channel.writeOutbound(new TextWebSocketFrame(text));
        ByteBuf out = channel.alloc().buffer();
        for (Object part; (part = channel.readOutbound()) != null; ) {
            out.writeBytes((ByteBuf) part);
            ((ByteBuf) part).release();
        }
        return out;
    }

    /** Stands for permessage-deflate: an extension encoder in the pipeline. */
    private static final class Deflating extends WebSocketExtensionEncoder {
        @Override
        protected void encode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
            out.add(msg.retain());
        }
    }
}
