package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.command.store.DeliveryFence;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fence on the gateways' deliver-once key, in a real Redis: whoever claims first decides. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeliveryFenceTest {
    @Inject
    DeliveryFence fence;
    @Inject
    RedisDataSource redis;

    private boolean fence(String commandId) {
        return fence.fence(commandId).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void shouldWinTheFenceWhenNoGatewayClaimedTheCommand() {
        String commandId = "cmd_fence_" + UUID.randomUUID();
        assertThat(fence(commandId)).isTrue();
        assertThat(redis.value(String.class).get(DeliveryFence.key(commandId))).isEqualTo(DeliveryFence.FENCE);
        assertThat(redis.key().pttl(DeliveryFence.key(commandId))).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        assertThat(fence(commandId)).as("a second fence").isFalse();
    }

    @Test
    void shouldLoseTheFenceWhenAGatewayClaimedTheCommandFirst() {
        String commandId = "cmd_fence_" + UUID.randomUUID();
        redis.value(String.class).set(DeliveryFence.key(commandId), "kiosk-1", new SetArgs().nx().px(60_000));
        assertThat(fence(commandId)).isFalse();
        assertThat(redis.value(String.class).get(DeliveryFence.key(commandId))).as("the gateway's claim stands").isEqualTo("kiosk-1");
    }
}
