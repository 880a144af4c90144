package io.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The conformance client writes exactly the bytes a case asks for, and reads server frames back. */
class FrameCodecTest {

    @Test
    void shouldWriteA64BitLengthOf2To60WithNoPayload() {
        byte[] bytes = FrameCodec.encode(Frame.of(Frame.TEXT, new byte[0]).declaring(1L << 60));
        assertThat(bytes).hasSize(2 + 8 + 4);
        assertThat(bytes[0] & 0xff).isEqualTo(0x81);
        assertThat(bytes[1] & 0xff).isEqualTo(0x80 | 127);
        assertThat(Arrays.copyOfRange(bytes, 2, 10)).containsExactly(0x10, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldWriteALengthWithTheMostSignificantBitSet() {
        byte[] bytes = FrameCodec.encode(Frame.of(Frame.TEXT, new byte[0]).declaring(Long.MIN_VALUE));
        assertThat(bytes[1] & 0x7f).isEqualTo(127);
        assertThat(bytes[2] & 0xff).isEqualTo(0x80);
    }

    @Test
    void shouldWriteReservedBitsOpcodeAndNoMaskAsAsked() {
        byte[] bytes = FrameCodec.encode(Frame.of(0xB, new byte[] {1, 2}).notFinal().rsv(5).unmasked());
        assertThat(bytes).containsExactly(0x50 | 0xB, 2, 1, 2);
    }

    @Test
    void shouldUseTheMinimalLengthEncodingAtTheBoundaries() {
        assertThat(FrameCodec.encode(Frame.binary(new byte[125]))[1] & 0x7f).isEqualTo(125);
        assertThat(FrameCodec.encode(Frame.binary(new byte[126]))[1] & 0x7f).isEqualTo(126);
        assertThat(FrameCodec.encode(Frame.binary(new byte[65535]))[1] & 0x7f).isEqualTo(126);
        assertThat(FrameCodec.encode(Frame.binary(new byte[65536]))[1] & 0x7f).isEqualTo(127);
    }

    @Test
    void shouldReadBackAMaskedFrameItWrote() throws Exception {
        Frame close = Frame.close(1002, "bad");
        Frame read = FrameCodec.read(new ByteArrayInputStream(FrameCodec.encode(close)), 1024);
        assertThat(read.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(read.closeCode()).isEqualTo(1002);
        assertThat(read.closeReason()).isEqualTo("bad");
    }

    @Test
    void shouldFailOnAStreamThatEndsInsideAFrame() {
        byte[] cut = Arrays.copyOf(FrameCodec.encode(Frame.text("hello").unmasked()), 4);
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(cut), 1024)).isInstanceOf(EOFException.class);
    }
}
