package io.switchboard.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A login as its page knows it (id, QR key, binding cookie), and the page's long-poll for it. */
record QrPage(QrDriver driver, HttpClient http, String id, String key, String cookie) {

    /** The grants of a round: when each webhook was sent, and the time until its page had the answer. */
    static final class Grants {
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Recorder latency = new Recorder(3);
        private final AtomicInteger answered = new AtomicInteger();

        void sent(String loginId) {
            sentAt.put(loginId, System.nanoTime());
        }

        int answered() {
            return answered.get();
        }

        Histogram latency() {
            return latency.getIntervalHistogram();
        }

        private void granted(String loginId, long now) {
            Long sent = sentAt.get(loginId);
            if (sent != null) {
                latency.recordValue(now - sent);
                answered.incrementAndGet();
            }
        }
    }

    /** Long-polls until the login is granted, re-polling at once when an answer is still pending. */
    void await(Grants grants) {
        driver.call(http, HttpMethod.GET, "/api/qr-logins/" + id + "?waitSeconds=30",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", cookie), null).onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded() && ar.result().status() == 200 && ar.result().body().contains("\"granted\"")) {
                grants.granted(id, now);
            } else if (ar.succeeded() && ar.result().status() == 200) {
                await(grants);
            }
        });
    }
}
