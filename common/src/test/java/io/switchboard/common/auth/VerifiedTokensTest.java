package io.switchboard.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The pure rules of the cache of verified tokens: when an entry ends, how many are kept, what is never stored. */
class VerifiedTokensTest {
    private static final long T0 = 1_800_000_000_000L; // a fixed "now", in ms
    private final AtomicLong now = new AtomicLong(T0);

    @Test
    void shouldServeAStoredTokenUntilItsExpAndNotAMillisecondLonger() {
        VerifiedTokens tokens = new VerifiedTokens(10, 3_600_000, null, now::get);
        JsonWebToken jwt = token(T0 / 1000 + 60, T0 / 1000);
        tokens.put("raw-a", jwt);

        assertThat(tokens.find("raw-a")).containsSame(jwt);
        now.set(T0 + 59_999);
        assertThat(tokens.find("raw-a")).containsSame(jwt);
        now.set(T0 + 60_000);
        assertThat(tokens.find("raw-a")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void shouldEndAnEntryAtMaxAgeWhenTheTokenLivesLonger() {
        VerifiedTokens tokens = new VerifiedTokens(10, 5_000, null, now::get);
        tokens.put("raw-a", token(T0 / 1000 + 3600, T0 / 1000));

        now.set(T0 + 4_999);
        assertThat(tokens.find("raw-a")).isPresent();
        now.set(T0 + 5_000);
        assertThat(tokens.find("raw-a")).isEmpty();
    }

    @Test
    void shouldEndAnEntryWhenTheVerifiersMaximumTokenAgeIsReached() {
        // issued 50 s ago, the verifier accepts tokens up to 60 s after iat: 10 s left although exp is an hour away
        VerifiedTokens tokens = new VerifiedTokens(10, 3_600_000, 60_000L, now::get);
        tokens.put("raw-a", token(T0 / 1000 + 3600, T0 / 1000 - 50));

        now.set(T0 + 9_999);
        assertThat(tokens.find("raw-a")).isPresent();
        now.set(T0 + 10_000);
        assertThat(tokens.find("raw-a")).isEmpty();

        tokens.put("raw-old", token(T0 / 1000 + 3600, T0 / 1000 - 120)); // already past its age
        tokens.put("raw-no-iat", token(T0 / 1000 + 3600, 0));           // age cannot be checked
        assertThat(tokens.find("raw-old")).isEmpty();
        assertThat(tokens.find("raw-no-iat")).isEmpty();
    }

    @Test
    void shouldNotStoreATokenWithoutExpOrAlreadyExpired() {
        VerifiedTokens tokens = new VerifiedTokens(10, 3_600_000, null, now::get);
        tokens.put("raw-no-exp", token(0, T0 / 1000));
        tokens.put("raw-expired", token(T0 / 1000 - 1, T0 / 1000 - 100));

        assertThat(tokens.find("raw-no-exp")).isEmpty();
        assertThat(tokens.find("raw-expired")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void shouldKeepAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
        VerifiedTokens tokens = new VerifiedTokens(3, 3_600_000, null, now::get);
        for (String raw : new String[] {"a", "b", "c"}) {
            tokens.put(raw, token(T0 / 1000 + 600, T0 / 1000));
        }
        assertThat(tokens.find("a")).isPresent(); // a is now the most recently used, b the least
        tokens.put("d", token(T0 / 1000 + 600, T0 / 1000));

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.find("b")).isEmpty();
        assertThat(tokens.find("a")).isPresent();
        assertThat(tokens.find("c")).isPresent();
        assertThat(tokens.find("d")).isPresent();
    }

    @Test
    void shouldNeverMatchAnotherTokenEvenOneByteApart() {
        VerifiedTokens tokens = new VerifiedTokens(10, 3_600_000, null, now::get);
        String raw = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
        tokens.put(raw, token(T0 / 1000 + 600, T0 / 1000));

        assertThat(tokens.find(raw.substring(0, raw.length() - 1) + "m")).isEmpty();
        assertThat(tokens.find(raw + " ")).isEmpty();
        assertThat(tokens.find(raw)).isPresent();
    }

    @Test
    void shouldStoreNothingWhenTurnedOff() {
        VerifiedTokens tokens = new VerifiedTokens(0, 3_600_000, null, now::get);
        tokens.put("a", token(T0 / 1000 + 600, T0 / 1000));

        assertThat(tokens.enabled()).isFalse();
        assertThat(tokens.find("a")).isEmpty();
    }

    private static JsonWebToken token(long exp, long iat) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "s");
        if (exp > 0) {
            claims.put("exp", exp);
        }
        if (iat > 0) {
            claims.put("iat", iat);
        }
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "s";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
