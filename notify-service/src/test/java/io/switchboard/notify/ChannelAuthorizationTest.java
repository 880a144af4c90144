package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-channel authorization on every subscribe and publish, board publishing, and JSON-RPC errors. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ChannelAuthorizationTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldRefuseSubscribingToAnotherMerchantsShopOrToShopsAsACustomer() {
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m1", Map.of("shop", "s1")));
             Browser customer = Browser.connect(connectors.get(), base, Tokens.of("customer", "c1", Map.of("shop", "s1")))) {
            assertThat(errorCode(merchant.call("subscribe", Map.of("channel", "shop:s2")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(errorCode(customer.call("subscribe", Map.of("channel", "shop:s1")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(merchant.subscribe("shop:s1").get("channel").asText()).isEqualTo("shop:s1");
        }
    }

    @Test
    void shouldRefuseBoardsTheCallerIsNotAMemberOf() {
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("staff", "st1", Map.of("boards", List.of("b1"))))) {
            assertThat(errorCode(b.call("subscribe", Map.of("channel", "board:b2")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(errorCode(b.call("publish",
                    Map.of("channel", "board:b2", "type", "todo.updated", "data", Map.of("done", true))))).isEqualTo(JsonRpcErrors.FORBIDDEN);
        }
    }

    @Test
    void shouldRefusePublishingAnythingButTodoUpdatesOnOwnBoards() {
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m1", Map.of("shop", "s1", "boards", List.of("b1"))))) {
            assertThat(errorCode(merchant.call("publish",
                    Map.of("channel", "shop:s1", "type", "order.placed", "data", Map.of())))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(errorCode(merchant.call("publish",
                    Map.of("channel", "board:b1", "type", "message", "data", Map.of())))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(errorCode(merchant.call("publish",
                    Map.of("channel", "user:someone-else", "type", "message", "data", Map.of())))).isEqualTo(JsonRpcErrors.FORBIDDEN);
        }
    }

    @Test
    void shouldShowATodoUpdatePublishedByOneMemberToTheOtherMembers() {
        String board = Ingest.unique("board");
        String channel = "board:" + board;
        try (Browser ann = Browser.connect(connectors.get(), base, Tokens.of("staff", "ann", Map.of("boards", List.of(board, "x"))));
             Browser ben = Browser.connect(connectors.get(), base, Tokens.of("merchant", "ben", Map.of("shop", "s9", "boards", List.of(board))))) {
            ann.subscribe(channel);
            ben.subscribe(channel);
            JsonNode published = ann.call("publish", Map.of("channel", channel, "type", "todo.updated",
                    "data", Map.of("todoId", "t1", "done", true, "by", "mallory"))).get("result");
            assertThat(published.get("offset").asLong()).isEqualTo(1);

            ben.awaitEvent(channel, published.get("id").asText());
            JsonNode seen = ben.events(channel).get(0);
            assertThat(seen.get("type").asText()).isEqualTo("todo.updated");
            assertThat(seen.get("data").get("done").asBoolean()).isTrue();
            assertThat(seen.get("data").get("by").asText()).as("the server stamps the publisher").isEqualTo("ann");
            ann.awaitEvent(channel, published.get("id").asText());
        }
    }

    @Test
    void shouldAnswerJsonRpcErrorsForBadFramesAndPongForPing() {
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", "c1"))) {
            assertThat(b.call("ping", null).get("result").asText()).isEqualTo("pong");
            assertThat(errorCode(b.call("shout", Map.of()))).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
            assertThat(errorCode(b.call("subscribe", Map.of("since", 3)))).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
            assertThat(errorCode(b.call("subscribe", Map.of("channel", "galaxy:far")))).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
            assertThat(errorCode(b.call("subscribe", Map.of("channel", "user:c1", "since", -1))))
                    .isEqualTo(JsonRpcErrors.INVALID_PARAMS);
            assertThat(errorCode(b.call("ack", Map.of("channel", "user:c1")))).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
            JsonNode parseError = b.sendRaw("{not json", "null");
            assertThat(errorCode(parseError)).isEqualTo(JsonRpcErrors.PARSE_ERROR);
            assertThat(parseError.get("id").isNull()).isTrue();
        }
    }

    private static int errorCode(JsonNode answer) {
        return answer.path("error").path("code").asInt();
    }
}
