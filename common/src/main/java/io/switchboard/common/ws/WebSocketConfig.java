package io.switchboard.common.ws;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** What every service's WebSocket server shares. */
@ConfigMapping(prefix = "switchboard.websockets")
public interface WebSocketConfig {
    /**
     * The socket paths (Vert.x Web route paths, e.g. {@code /qr-logins/:loginId/ws}) that get RFC 6455's close
     * codes for protocol violations and no per-frame compression ({@link StrictFrames}). Unset: none.
     */
    Optional<List<String>> strictPaths();
}
