package io.switchboard.bench;

import io.switchboard.bench.proc.Pause;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The machines as command-service sees them ({@code GET /api/devices}): which gateway each of {@code bench-m0..}
 * is present on. A machine of an earlier setup may still be listed on a gateway that is gone until it connects
 * again, so {@link #await} waits for every machine on exactly as many gateways as are running.
 */
final class Presence {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Presence() {
    }

    /** Waits until machines {@code bench-m0 .. bench-m<devices-1>} are all present, over {@code gateways} gateways. */
    static void await(URI commandService, String token, int devices, int gateways, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = gatewayByDevice(commandService, token);
            if (complete(seen, devices, gateways)) {
                return;
            }
            Pause.millis(500);
        }
        throw new IllegalStateException("machines not all present on " + gateways + " gateways within " + timeout + ": "
                + seen.size() + " listed");
    }

    /** True when each of the first {@code devices} machines is listed and they name exactly {@code gateways} gateways. */
    static boolean complete(Map<String, String> gatewayByDevice, int devices, int gateways) {
        Set<String> named = new HashSet<>();
        for (int i = 0; i < devices; i++) {
            String g = gatewayByDevice.get(CommandDriver.device(i));
            if (g == null) {
                return false;
            }
            named.add(g);
        }
        return named.size() == gateways;
    }

    private static Map<String, String> gatewayByDevice(URI base, String token) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/devices")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/devices answered " + r.statusCode() + ": " + r.body());
            }
            Map<String, String> out = new HashMap<>();
            for (Object o : new JsonArray(r.body())) {
                JsonObject d = (JsonObject) o;
                out.put(d.getString("deviceId"), d.getString("gateway"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
