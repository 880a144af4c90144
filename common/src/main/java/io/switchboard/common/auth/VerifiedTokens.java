package io.switchboard.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens the verifier accepted, so that a caller presenting the same token again is not verified again
 * (an RS256 check and a JSON parse each time). Only ever filled with tokens that passed the verifier; a
 * token it refused is never here, so the cache cannot accept one the verifier would refuse.
 * <ul>
 *   <li>Keyed by the SHA-256 of the raw token: a different token (another signature, one changed byte) is a
 *       different entry, and the map holds 32 bytes per key rather than the token.</li>
 *   <li>An entry ends at the token's {@code exp}, at {@code iat} plus the verifier's maximum token age when
 *       one is set, and at most {@code maxAge} after it was stored, whichever comes first; the end is checked
 *       on every hit, so an expired token is never served (it goes back to the verifier, which refuses it).
 *       The verifier's clock skew is not granted: the cache is only ever stricter.</li>
 *   <li>At most {@code maxEntries} entries, the least recently used dropped first; 0 turns the cache off.</li>
 * </ul>
 * Pure logic with an injectable clock; the identity provider that uses it is {@link CachingJwtValidator}.
 */
public final class VerifiedTokens {
    private final int maxEntries;
    private final long maxAgeMillis;
    private final Long tokenAgeMillis;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries;

    private record Entry(JsonWebToken jwt, long endsAtMillis) { }

    /**
     * @param tokenAgeMillis the verifier's {@code mp.jwt.verify.token.age} (null when not set): a token older
     *                       than that since its {@code iat} is refused by the verifier, so it ends here too
     */
    public VerifiedTokens(int maxEntries, long maxAgeMillis, Long tokenAgeMillis, LongSupplier clock) {
        if (maxEntries < 0 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("maxEntries and maxAge must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAgeMillis;
        this.tokenAgeMillis = tokenAgeMillis;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > VerifiedTokens.this.maxEntries;
            }
        };
    }

    public boolean enabled() {
        return maxEntries > 0 && maxAgeMillis > 0;
    }

    /** The verified token stored for {@code rawToken}, if it is there and has not ended. */
    public Optional<JsonWebToken> find(String rawToken) {
        if (!enabled()) {
            return Optional.empty();
        }
        String key = key(rawToken);
        long now = clock.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e == null) {
                return Optional.empty();
            }
            if (now >= e.endsAtMillis()) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(e.jwt());
        }
    }

    /**
     * Stores a token the verifier has just accepted. A token without {@code exp}, or one that already ended,
     * is not stored.
     */
    public void put(String rawToken, JsonWebToken verified) {
        if (!enabled()) {
            return;
        }
        long now = clock.getAsLong();
        long exp = seconds(verified, "exp");
        if (exp <= 0) {
            return;
        }
        long ends = Math.min(Math.multiplyExact(exp, 1000L), now + maxAgeMillis);
        if (tokenAgeMillis != null) {
            long iat = seconds(verified, "iat");
            ends = Math.min(ends, iat > 0 ? iat * 1000L + tokenAgeMillis : now);
        }
        if (ends <= now) {
            return;
        }
        String key = key(rawToken);
        synchronized (entries) {
            entries.put(key, new Entry(verified, ends));
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** A NumericDate claim in seconds, 0 when absent (JsonWebToken's own getters fail on a missing claim). */
    private static long seconds(JsonWebToken jwt, String claim) {
        Object v = jwt.getClaim(claim);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static String key(String rawToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
