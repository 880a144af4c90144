package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.Json;
import io.switchboard.system.faults.platform.KafkaTopics;
import io.switchboard.system.faults.platform.QrLogins;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A QR login while the broker is down: the browser gets its grant exactly once, and the business-log
 * records on {@code auth.qr-events} are written once the broker is back.
 */
@Tag("faults")
@Order(6)
class QrBrokerOutageFaultTest extends FaultTest {
    private static final String FAULT = "Kafka down (QR login)";

    @Test
    void shouldGrantTheBrowserExactlyOnceAndWriteTheQrEventsWhenTheBrokerIsBack() throws Exception {
        QrLogins qr = platform.qr();
        platform.infra.killKafka();
        QrLogins.Login login = qr.start();
        CompletableFuture<Http.Reply> poll = qr.poll(login, 20);
        CompletableFuture<Http.Reply> secondTab = qr.poll(login, 20);
        Http.Reply granted = qr.grant(login, "user-broker-down").join();
        assertThat(granted.status()).as("webhook with the broker down: %s", granted).isEqualTo(200);
        Waits.until("long-polls answered", Duration.ofSeconds(5), () -> poll.isDone() && secondTab.isDone());
        Http.Reply later = qr.poll(login, 0).join();
        List<Http.Reply> answers = List.of(poll.join(), secondTab.join(), later);
        assertThat(answers).as("answers: %s", answers).allMatch(r -> r.status() == 200);
        assertThat(answers.stream().filter(QrLogins::carriesGrant)).as("answers carrying the grant: %s", answers).hasSize(1);

        platform.infra.restartKafka();
        long back = System.nanoTime();
        Waits.until("auth.qr-events records of " + login.loginId(), Duration.ofSeconds(60), () -> {
            List<String> states = states(login.loginId());
            return states.containsAll(List.of("pending", "granted", "consumed"));
        });
        platform.recoveries.record(FAULT, "auth.qr-events records written (ms after the broker listens)",
                (System.nanoTime() - back) / 1_000_000);
        assertThat(states(login.loginId())).as("each state change once").doesNotHaveDuplicates();
    }

    private static List<String> states(String loginId) {
        return KafkaTopics.readAll("auth.qr-events", Duration.ofSeconds(10)).stream()
                .filter(r -> loginId.equals(r.key()))
                .flatMap(r -> Stream.of(Json.read(r.value()).path("state").asText()))
                .toList();
    }
}
