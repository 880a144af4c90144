package io.switchboard.auth.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testsupport.ContractSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A browser as the service sees it: its own client address (X-Forwarded-For, trusted in %test), the
 * binding cookie it received, and async long-polls.
 */
public final class Browser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String address;

    public Browser(URI base) {
        this(base, randomAddress());
    }

    public Browser(URI base, String address) {
        this.base = base;
        this.address = address;
    }

    public static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** A started login as the page holds it. */
    public record Login(String loginId, String qrCodeKey, String cookie, JsonNode body, HttpResponse<String> response) {
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("X-Forwarded-For", address).GET().build());
    }

    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Login start() {
        HttpResponse<String> r = post("/api/qr-logins");
        if (r.statusCode() != 201) {
            throw new AssertionError("login not created: " + r.statusCode() + " " + r.body());
        }
        JsonNode body = read(r.body());
        String loginId = body.path("loginId").asText();
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String qr = body.path("qrContent").asText();
        String key = qr.replaceAll(".*[?&]qrCodeKey=([^&]+).*", "$1");
        return new Login(loginId, key, cookie, body, r);
    }

    /** GET the login's state, sending {@code cookie} ("name=value") unless null. */
    public CompletableFuture<HttpResponse<String>> poll(String loginId, String cookie, String query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/qr-logins/" + loginId + query))
                .timeout(Duration.ofSeconds(60)).header("X-Forwarded-For", address).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> pollNow(Login login) {
        return poll(login.loginId(), login.cookie(), "").join();
    }

    /** A problem+json body, valid against contract/schemas/problem.json. */
    public static JsonNode problem(String body) {
        return read(ContractSchemas.assertValid("problem.json", body));
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
