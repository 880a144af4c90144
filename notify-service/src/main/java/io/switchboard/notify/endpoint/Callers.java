package io.switchboard.notify.endpoint;

import io.switchboard.notify.domain.Caller;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads a {@link Caller} from the verified token: {@code sub}, roles, {@code shop} and {@code boards}. */
final class Callers {
    private Callers() {
    }

    static Caller of(JsonWebToken jwt, Set<String> roles) {
        Instant expiry = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : Instant.MAX;
        return new Caller(jwt.getSubject(), roles, text(jwt.getClaim("shop")), texts(jwt.getClaim("boards")), expiry);
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }

    private static Set<String> texts(Object claim) {
        Set<String> out = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> {
                String s = text(v);
                if (s != null) {
                    out.add(s);
                }
            });
        }
        return out;
    }
}
