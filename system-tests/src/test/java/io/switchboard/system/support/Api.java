package io.switchboard.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small asynchronous client of command-service's HTTP API. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, headers of interest and the parsed body. */
    public record Reply(int status, JsonNode body, String location, String contentType) { }

    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public CompletableFuture<Reply> command(String deviceId, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/devices/" + deviceId + "/commands"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Api::reply);
    }

    public Reply commandNow(String deviceId, String body, String... headers) {
        return command(deviceId, body, headers).join();
    }

    public Reply get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Api::reply).join();
    }

    public Reply post(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Api::reply).join();
    }

    public Reply delete(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).DELETE();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Api::reply).join();
    }

    private static Reply reply(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = r.body() == null || r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (Exception e) {
            body = JSON.getNodeFactory().textNode(r.body());
        }
        return new Reply(r.statusCode(), body, r.headers().firstValue("Location").orElse(null),
                r.headers().firstValue("Content-Type").orElse(null));
    }
}
