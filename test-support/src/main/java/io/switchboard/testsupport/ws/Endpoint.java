package io.switchboard.testsupport.ws;

import java.io.IOException;

/** The socket endpoint under test, as the conformance cases see it. */
public interface Endpoint {

    /** What the endpoint does with a binary message: its JSON-RPC link is text only. */
    enum BinaryMessages {
        /** closed with 1008 (policy): notify-service. */
        CLOSE_1008,
        /** dropped without an answer, the socket stays open: device-gateway. */
        IGNORED
    }

    /** A new, upgraded (101) socket with fresh credentials of its own. */
    RawWebSocket open() throws IOException;

    /** The largest message (one frame or fragmented) the endpoint accepts; one byte more is closed with 1009. */
    int maxMessageBytes();

    BinaryMessages binaryMessages();
}
