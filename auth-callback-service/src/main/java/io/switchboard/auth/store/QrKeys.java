package io.switchboard.auth.store;

/** Redis names of the QR login; everything starts with {@code sb:qr:}. */
final class QrKeys {
    public static final String PREFIX = "sb:qr:";
    /** Pub/sub channel of state changes, {@code {"loginId","state"}}; every replica subscribes once. */
    public static final String CHANGES = PREFIX + "changes";
    /** Sorted set of live logins scored by their deadline (epoch ms), swept for expiry. */
    public static final String DEADLINES = PREFIX + "deadlines";

    private QrKeys() {
    }

    /** Hash holding one login (state, qrCodeKey, binding hash, times, user while granted). */
    public static String login(String loginId) {
        return PREFIX + "login:" + loginId;
    }

    /** qrCodeKey -> loginId. */
    public static String key(String qrCodeKey) {
        return PREFIX + "key:" + qrCodeKey;
    }

    /** A processed {@code webhook-id}, remembered to ignore replays. */
    public static String webhook(String webhookId) {
        return PREFIX + "webhook:" + webhookId;
    }

    /** Login-creation counter of one client address for the current window. */
    public static String rate(String address) {
        return PREFIX + "rate:" + address;
    }
}
