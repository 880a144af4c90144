package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.client.Credential;
import io.switchboard.auth.client.ThirdPartyClient;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.BusinessLogBacklog;
import io.switchboard.auth.domain.LoginCreated;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.QrLogin;
import io.switchboard.auth.domain.ThirdPartyBadResponse;
import io.switchboard.auth.messaging.OutboxMetrics;
import io.switchboard.auth.store.LoginStore.Created;
import io.switchboard.auth.store.LoginStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** Starts a login: rate limit, a qrCodeKey from the third party, the record in Redis, the QR image. */
@ApplicationScoped
public class LoginCreation {
    private final SecureRandom random = new SecureRandom();
    private final RateLimiter rateLimiter;
    private final ThirdPartyClient thirdParty;
    private final LoginStore store;
    private final BrowserBinding binding;
    private final QrImages images;
    private final TransitionLog transitions;
    private final OutboxMetrics outbox;
    private final QrConfig config;
    private final Expiry expiry;

    LoginCreation(RateLimiter rateLimiter, ThirdPartyClient thirdParty, LoginStore store, BrowserBinding binding,
                  QrImages images, TransitionLog transitions, OutboxMetrics outbox, QrConfig config,
                  Expiry expiry) {
        this.rateLimiter = rateLimiter;
        this.thirdParty = thirdParty;
        this.store = store;
        this.binding = binding;
        this.images = images;
        this.transitions = transitions;
        this.outbox = outbox;
        this.config = config;
        this.expiry = expiry;
    }

    /** The 201 body plus the binding secret the resource puts in the cookie. */
    public record Started(LoginCreated login, String bindingSecret) {
    }

    public Uni<Started> start(String clientAddress) {
        String loginId = newLoginId();
        return rateLimiter.check(clientAddress)
                .chain(() -> thirdParty.issue(loginId))
                .flatMap(credential -> store(loginId, credential));
    }

    private Uni<Started> store(String loginId, Credential credential) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(config.loginTtl());
        BrowserBinding.Secret secret = binding.newSecret();
        QrLogin login = new QrLogin(loginId, LoginState.PENDING, credential.qrCodeKey(), secret.hash(), now, expiresAt,
                null, null);
        String qrContent = qrContent(credential);
        return store.create(login).flatMap(created -> {
            if (created.result() == Created.KEY_IN_USE) {
                throw new ThirdPartyBadResponse("The third party issued a qrCodeKey that is already in use");
            }
            if (created.result() == Created.OUTBOX_FULL) {
                outbox.refused();
                outbox.depth(created.outboxDepth());
                Log.warnf("[login %s] refused: the business-log outbox holds %d records (qr.outbox.max-length); "
                        + "is Kafka reachable?", loginId, created.outboxDepth());
                throw new BusinessLogBacklog();
            }
            transitions.recorded(loginId, LoginState.PENDING, null, created.outboxDepth());
            expiry.wakeBy(expiresAt);
            return images.dataUri(qrContent);
        }).map(image -> new Started(new LoginCreated(loginId, qrContent, image, expiresAt,
                config.pollInterval().toMillis()), secret.value()));
    }

    /** The third party's URL, with {@code qrCodeKey=<key>} added when it does not carry it already. */
    static String qrContent(Credential c) {
        String param = "qrCodeKey=" + URLEncoder.encode(c.qrCodeKey(), StandardCharsets.UTF_8);
        if (c.qrUrl().contains("?" + param) || c.qrUrl().contains("&" + param)) {
            return c.qrUrl();
        }
        return c.qrUrl() + (c.qrUrl().contains("?") ? "&" : "?") + param;
    }

    private String newLoginId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "ql_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
