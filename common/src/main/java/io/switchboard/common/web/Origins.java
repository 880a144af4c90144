package io.switchboard.common.web;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A browser {@code Origin} allowlist for WebSocket upgrades (cross-site WebSocket hijacking): origins are
 * compared as {@code scheme://host[:port]}, case-insensitive, without a trailing slash. A request without
 * {@code Origin} is not from a browser (browsers always send it on a WebSocket upgrade) and is not judged here.
 */
public final class Origins {
    private final Set<String> allowed;

    private Origins(Set<String> allowed) {
        this.allowed = allowed;
    }

    public static Origins of(Collection<String> origins) {
        return new Origins(origins.stream().map(Origins::normalize).filter(o -> !o.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** True without an {@code Origin} (not a browser) or for one on the list. */
    public boolean permits(String origin) {
        return origin == null || listed(origin);
    }

    /** True for an {@code Origin} on the list. */
    public boolean listed(String origin) {
        return origin != null && allowed.contains(normalize(origin));
    }

    /**
     * True when {@code origin} names the same host and port as the request's {@code Host} header: the page
     * came from this service itself. A browser cannot be made to send another site's Host with an Origin.
     */
    public static boolean sameHost(String origin, String host) {
        if (origin == null || host == null || host.isBlank()) {
            return false;
        }
        try {
            URI o = URI.create(normalize(origin));
            URI h = URI.create(o.getScheme() + "://" + host.trim().toLowerCase(Locale.ROOT));
            return o.getHost() != null && o.getHost().equals(h.getHost()) && port(o) == port(h) && o.getPath().isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) || "wss".equals(uri.getScheme()) ? 443 : 80;
    }

    /** {@code scheme://host[:port]} in lower case, without surrounding spaces or a trailing slash. */
    public static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
