package io.switchboard.system.faults.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A small asynchronous HTTP client. A request that gets no answer within its timeout completes with
 * status 0 (and the exception's name as body), so a hang is an outcome a test can count, not a stuck test.
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    /** An answer: status (0 = no answer), parsed body, headers; {@code millis} from send to answer. */
    public record Reply(int status, JsonNode body, HttpHeaders headers, long millis) {
        public String code() {
            return body.path("code").asText("");
        }

        public String header(String name) {
            return headers == null ? null : headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body + " (" + millis + " ms)";
        }
    }

    public static HttpRequest.Builder request(String url, Duration timeout, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                b.header(headers[i], headers[i + 1]);
            }
        }
        return b;
    }

    public static CompletableFuture<Reply> send(HttpRequest request) {
        long start = System.nanoTime();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, failure) -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                return new Reply(0, Json.MAPPER.getNodeFactory().textNode(cause.getClass().getSimpleName()), null, millis);
            }
            return new Reply(r.statusCode(), Json.read(r.body()), r.headers(), millis);
        });
    }

    public static Reply get(String url, Duration timeout, String... headers) {
        return send(request(url, timeout, headers).GET().build()).join();
    }

    public static CompletableFuture<Reply> post(String url, String json, Duration timeout, String... headers) {
        return send(request(url, timeout, headers).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static Reply delete(String url, Duration timeout, String... headers) {
        return send(request(url, timeout, headers).DELETE().build()).join();
    }
}
