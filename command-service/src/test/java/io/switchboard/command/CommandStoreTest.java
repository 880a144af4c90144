package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.store.CommandStore;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state machine of a command, as the Lua transition enforces it in a real Redis. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandStoreTest {
    @Inject
    CommandStore store;

    private String create() {
        String id = "cmd_test_" + UUID.randomUUID();
        Instant now = Instant.now();
        store.create(new CommandRecord(id, "dev-1", "dispense", null, "accepted", null, null, null, 1000, now,
                now.plusSeconds(1), now, null), null).await().atMost(Duration.ofSeconds(5));
        return id;
    }

    private CommandStore.Transition move(String id, CommandStatus to, String device, String field, String payload) {
        return store.transition(id, to, device, field, payload).await().atMost(Duration.ofSeconds(5));
    }

    private CommandRecord get(String id) {
        return store.find(id).await().atMost(Duration.ofSeconds(5)).orElseThrow();
    }

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    /** The scripts go by EVALSHA; a Redis that lost its script cache (restart, failover, SCRIPT FLUSH) gets the text again. */
    @Test
    void shouldRunItsScriptsAfterRedisForgotThem() {
        String transition = io.switchboard.common.redis.LuaScript.load("lua/command-transition.lua").sha();
        redis.execute("SCRIPT", "FLUSH");
        assertThat(redis.execute("SCRIPT", "EXISTS", transition).get(0).toInteger()).isZero();

        String id = create();
        assertThat(move(id, CommandStatus.DELIVERED, "dev-1", null, null).applied()).isTrue();

        assertThat(redis.execute("SCRIPT", "EXISTS", transition).get(0).toInteger()).as("cached again by the EVAL").isEqualTo(1);
        assertThat(move(id, CommandStatus.SUCCEEDED, "dev-1", "result", "{}").applied()).isTrue();
        assertThat(get(id).status()).isEqualTo("succeeded");
    }

    @Test
    void shouldOnlyMoveForward() {
        String id = create();
        assertThat(move(id, CommandStatus.DELIVERED, "dev-1", null, null).applied()).isTrue();
        assertThat(move(id, CommandStatus.SENT, null, null, null).applied()).as("sent after delivered").isFalse();
        assertThat(move(id, CommandStatus.SUCCEEDED, "dev-1", "result", "{\"ok\":[]}").applied()).isTrue();
        assertThat(move(id, CommandStatus.FAILED, "dev-1", "error", "{}").applied()).as("a second answer").isFalse();
        assertThat(get(id).status()).isEqualTo("succeeded");
        assertThat(get(id).result().toString()).isEqualTo("{\"ok\":[]}");
    }

    @Test
    void shouldRecordALateAnswerAfterATimeout() {
        String id = create();
        move(id, CommandStatus.DELIVERED, "dev-1", null, null);
        assertThat(move(id, CommandStatus.TIMED_OUT, null, null, null).previous()).isEqualTo(CommandStatus.DELIVERED);
        assertThat(move(id, CommandStatus.FAILED, "dev-1", "error", "{\"code\":1,\"message\":\"x\"}").applied()).isTrue();
        CommandRecord r = get(id);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.late()).isTrue();
        assertThat(r.deliveredAt()).isNotNull();
    }

    @Test
    void shouldIgnoreAnAnswerFromAnotherDevice() {
        String id = create();
        assertThat(move(id, CommandStatus.SUCCEEDED, "dev-2", "result", "{}").result())
                .isEqualTo(CommandStore.Transition.Result.WRONG_DEVICE);
        assertThat(get(id).status()).isEqualTo("accepted");
    }

    @Test
    void shouldLetExpiredSettleATimeoutOnlyWhenNeverDelivered() {
        String undelivered = create();
        move(undelivered, CommandStatus.SENT, null, null, null);
        move(undelivered, CommandStatus.TIMED_OUT, null, null, null);
        assertThat(move(undelivered, CommandStatus.EXPIRED, "dev-1", null, null).applied()).isTrue();

        String delivered = create();
        move(delivered, CommandStatus.DELIVERED, "dev-1", null, null);
        assertThat(move(delivered, CommandStatus.EXPIRED, "dev-1", null, null).applied()).isFalse();
        assertThat(get(delivered).status()).isEqualTo("delivered");
    }
}
