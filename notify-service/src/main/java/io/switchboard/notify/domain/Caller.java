package io.switchboard.notify.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on a browser socket, from the token checked at the upgrade: {@code sub}, roles ({@code groups}),
 * the merchant's {@code shop} (may be null) and the todo {@code boards} the user belongs to.
 */
public record Caller(String userId, Set<String> roles, String shop, Set<String> boards, Instant tokenExpiry) {
    public Caller {
        roles = Set.copyOf(roles);
        boards = Set.copyOf(boards);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
