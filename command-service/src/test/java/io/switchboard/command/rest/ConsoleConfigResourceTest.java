package io.switchboard.command.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which {@code commands.console.notify-url} values the service starts with. */
class ConsoleConfigResourceTest {
    @Test
    void shouldAcceptWebSocketUrlsAndNoUrl() {
        assertThat(ConsoleConfigResource.checked(Optional.empty())).isEmpty();
        assertThat(ConsoleConfigResource.checked(Optional.of(" wss://switchboard.example/notifications/ws ")))
                .contains("wss://switchboard.example/notifications/ws");
        assertThat(ConsoleConfigResource.checked(Optional.of("ws://127.0.0.1:8084/notifications/ws")))
                .contains("ws://127.0.0.1:8084/notifications/ws");
    }

    @Test
    void shouldRefuseAnythingElseNamingTheKey() {
        for (String bad : new String[] {"http://notify.example/notifications/ws", "/notifications/ws", "ws://", "ws:// bad host", "notify:8084"}) {
            assertThatThrownBy(() -> ConsoleConfigResource.checked(Optional.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commands.console.notify-url");
        }
    }
}
