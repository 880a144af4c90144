package io.switchboard.system.faults.chaos;

import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.QrLogins;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QR logins: a browser starts one and long-polls it until it holds the grant (or the login ends); the
 * third party's phone approves it with a signed webhook, retried until answered 2xx as webhook senders
 * do. A login is "granted" once a webhook got 2xx; it is lost if its browser never received the grant.
 */
final class QrTraffic {
    private static final int WEBHOOK_ATTEMPTS = 8;
    private final QrLogins qr;
    private final Outcomes outcomes;
    private final ScheduledExecutorService timer;
    private final Map<String, AtomicInteger> grantsReceived = new ConcurrentHashMap<>();
    private final Map<String, Boolean> granted = new ConcurrentHashMap<>();
    private final Map<String, Boolean> ended = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    QrTraffic(QrLogins qr, Outcomes outcomes, ScheduledExecutorService timer) {
        this.qr = qr;
        this.outcomes = outcomes;
        this.timer = timer;
    }

    /** Starts one login: the browser's long-poll and, a moment later, the phone's approval. */
    void startOne() {
        QrLogins.Login login;
        try {
            login = qr.start();
            outcomes.count("qr logins started", 201);
        } catch (IllegalStateException e) {
            outcomes.count("qr logins started", "refused");
            return;
        }
        grantsReceived.put(login.loginId(), new AtomicInteger());
        poll(login);
        timer.schedule(() -> approve(login, 1), 300, TimeUnit.MILLISECONDS);
    }

    private void poll(QrLogins.Login login) {
        qr.poll(login, 10).whenComplete((r, failure) -> {
            outcomes.count("qr long-polls", r == null ? 0 : r.status());
            String state = r == null ? "" : r.body().path("state").asText();
            if (r != null && QrLogins.carriesGrant(r)) {
                grantsReceived.get(login.loginId()).incrementAndGet();
                ended.put(login.loginId(), true);
            } else if (r != null && r.status() == 200 && (state.equals("consumed") || state.equals("expired")
                    || state.equals("denied"))) {
                ended.put(login.loginId(), true);
            } else if (!stopped) {
                timer.schedule(() -> poll(login), r != null && r.status() == 200 ? 0 : 500, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void approve(QrLogins.Login login, int attempt) {
        qr.grant(login, "chaos-user").whenComplete((r, failure) -> {
            int status = r == null ? 0 : r.status();
            outcomes.count("qr webhooks", status);
            if (status / 100 == 2) {
                granted.put(login.loginId(), true);
            } else if (attempt < WEBHOOK_ATTEMPTS && !stopped && status != 404 && status != 409) {
                timer.schedule(() -> approve(login, attempt + 1), 1000, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops starting long-polls again (the ones running finish). */
    void stop() {
        stopped = true;
    }

    long granted() {
        return granted.size();
    }

    /** Granted logins whose browser has not received the grant. */
    long lost() {
        return granted.keySet().stream().filter(id -> grantsReceived.get(id).get() == 0).count();
    }

    /** Logins whose grant reached a browser more than once. */
    long grantedTwice() {
        return grantsReceived.values().stream().filter(n -> n.get() > 1).count();
    }

    /** Every granted login has reached its browser or ended otherwise. */
    boolean settled() {
        return granted.keySet().stream().allMatch(ended::containsKey);
    }
}
