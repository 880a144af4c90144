package io.switchboard.common.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GatewayRouteTest {
    @Test
    void shouldReadAndWriteTheStoredForm() {
        GatewayRoute route = GatewayRoute.parse("0,3,5");
        assertThat(route.partitions()).containsExactly(0, 3, 5);
        assertThat(route.format()).isEqualTo("0,3,5");
        assertThat(route.known()).isTrue();
    }

    @Test
    void shouldTakeAnythingUnreadableForNoRoute() {
        for (String text : new String[] {null, "", " ", "a,1", "1,,x"}) {
            assertThat(GatewayRoute.parse(text)).as(String.valueOf(text)).isEqualTo(GatewayRoute.NONE);
        }
        assertThat(GatewayRoute.NONE.partitionFor("dev-1")).isEmpty();
    }

    @Test
    void shouldKeepADevicesPartitionAndSpreadDevicesOverTheRoute() {
        GatewayRoute route = new GatewayRoute(List.of(1, 4));
        assertThat(route.partitionFor("dev-7")).isEqualTo(route.partitionFor("dev-7"));
        Set<Integer> used = IntStream.range(0, 200).mapToObj(i -> route.partitionFor(UUID.randomUUID().toString()).getAsInt())
                .collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrder(1, 4);
    }
}
