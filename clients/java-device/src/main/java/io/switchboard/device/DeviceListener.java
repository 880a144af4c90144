package io.switchboard.device;

/** What happens on the link, for a kiosk's own status screen or for tests. Called on the event loop: keep it quick. */
public interface DeviceListener {
    /** The socket is open (the first time and after each reconnect). */
    default void connected() {
    }

    /**
     * The socket closed (1006 when it broke without a close frame).
     *
     * @param reconnecting false when the client stopped for good (closed by the application, 1000, 45xx)
     */
    default void closed(int code, String reason, boolean reconnecting) {
    }

    /** A command frame arrived (redeliveries included). */
    default void commandReceived(String commandId, String method) {
    }

    /** A command id already answered or being carried out arrived again: answered from memory, not acted on. */
    default void redelivered(String commandId) {
    }
}
