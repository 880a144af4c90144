package io.switchboard.system.faults.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The QR login as its three parties drive it against one auth-callback-service replica: the browser
 * starts a login (keeping the binding cookie) and long-polls it; the third party's phone calls the
 * signed webhook (Standard Webhooks: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}).
 */
public final class QrLogins {
    private final ServiceNode node;
    private final byte[] secret;

    QrLogins(ServiceNode node, String whsecSecret) {
        this.node = node;
        this.secret = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    }

    /** A login as the page holds it. */
    public record Login(String loginId, String qrCodeKey, String cookie) {
    }

    /** {@code POST /api/qr-logins}: the login, or null with the reply when not 201. */
    public Login start() {
        Http.Reply r = Http.post(node.base() + "/api/qr-logins", null, Duration.ofSeconds(10)).join();
        if (r.status() != 201) {
            throw new IllegalStateException("login not created: " + r);
        }
        String setCookie = r.header("set-cookie");
        String qr = r.body().path("qrContent").asText();
        return new Login(r.body().path("loginId").asText(), qr.replaceAll(".*[?&]qrCodeKey=([^&]+).*", "$1"),
                setCookie.substring(0, setCookie.indexOf(';')));
    }

    /** The page's long-poll: {@code GET /api/qr-logins/{id}?waitSeconds=N} with the binding cookie. */
    public CompletableFuture<Http.Reply> poll(Login login, int waitSeconds) {
        String query = waitSeconds > 0 ? "?waitSeconds=" + waitSeconds : "";
        return Http.send(Http.request(node.base() + "/api/qr-logins/" + login.loginId() + query,
                Duration.ofSeconds(waitSeconds + 10L), "Cookie", login.cookie()).GET().build());
    }

    /** The phone approves: a signed {@code granted} webhook for {@code userId}. */
    public CompletableFuture<Http.Reply> grant(Login login, String userId) {
        return webhook(login.qrCodeKey(), "granted", userId);
    }

    public CompletableFuture<Http.Reply> webhook(String qrCodeKey, String event, String userId) {
        String body = "{\"qrCodeKey\":\"" + qrCodeKey + "\",\"event\":\"" + event + "\",\"user\":{\"id\":\""
                + userId + "\",\"name\":\"Fault Tester\"}}";
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long ts = Instant.now().getEpochSecond();
        return Http.post(node.base() + "/api/callbacks/qr-grants", body, Duration.ofSeconds(10),
                "webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", sign(id, ts, body));
    }

    /** True when this answer carries the grant (the one answer that consumes it). */
    public static boolean carriesGrant(Http.Reply r) {
        JsonNode grant = r.body().path("grant");
        return r.status() == 200 && "granted".equals(r.body().path("state").asText()) && grant.has("sessionToken");
    }

    private String sign(String id, long ts, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
