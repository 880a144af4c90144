package io.switchboard.device;

/**
 * What the client does after the server closed the socket, as the close-code table of docs/contract.md says:
 * 1000 stop; 4501 (token expired) reconnect only with a new token; any other 4500-4999 stop (nothing changes
 * without a person); everything else (1001/1012 replica restart, 1006 lost, 1008, 1009, 1011, 1013, 4000-4499)
 * reconnect with backoff. 1002/1007 ("fix the client") reconnect too: the frame that broke it is gone.
 */
public enum ClosePolicy {
    RECONNECT, RENEW_TOKEN, STOP;

    public static ClosePolicy after(int code) {
        if (code == 1000) {
            return STOP;
        }
        if (code == 4501) {
            return RENEW_TOKEN;
        }
        if (code >= 4500 && code <= 4999) {
            return STOP;
        }
        return RECONNECT;
    }
}
