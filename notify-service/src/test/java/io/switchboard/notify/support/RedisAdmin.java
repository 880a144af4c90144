package io.switchboard.notify.support;

import io.switchboard.testsupport.Infra;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A separate Redis connection for tests: plays "another replica" or an operator. {@link #killFanoutConnection}
 * drops this service's pub/sub connection (CLIENT KILL ID, found by the service's client name), a real
 * connection drop that leaves every other client of the shared Redis alone.
 */
public final class RedisAdmin implements AutoCloseable {
    private final Redis redis;

    public RedisAdmin(Vertx vertx) {
        this.redis = Redis.createClient(vertx, Infra.REDIS);
    }

    public Response send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(10));
    }

    /** Kills this service's pub/sub connections (those named {@code quarkus.redis.client-name} with a subscription); returns how many. */
    public int killFanoutConnection() {
        String name = ConfigProvider.getConfig().getValue("quarkus.redis.client-name", String.class);
        List<String> ids = Arrays.stream(send(Request.cmd(Command.CLIENT).arg("LIST").arg("TYPE").arg("pubsub")).toString().split("\n"))
                .map(RedisAdmin::fields)
                .filter(f -> name.equals(f.get("name")))
                .map(f -> f.get("id")).toList();
        ids.forEach(id -> send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)));
        return ids.size();
    }

    /** Forgets a channel as a Redis that lost its data would: offset counter, epoch and history. */
    public void forgetChannel(String channel) {
        send(Request.cmd(Command.DEL).arg("sb:notify:offset:" + channel).arg("sb:notify:epoch:" + channel)
                .arg("sb:notify:history:" + channel));
    }

    /** Drops a channel's history only (as trimming by count or age would). */
    public void dropHistory(String channel) {
        send(Request.cmd(Command.DEL).arg("sb:notify:history:" + channel));
    }

    private static Map<String, String> fields(String line) {
        return Arrays.stream(line.trim().split(" ")).filter(kv -> kv.contains("="))
                .collect(Collectors.toMap(kv -> kv.substring(0, kv.indexOf('=')), kv -> kv.substring(kv.indexOf('=') + 1), (a, b) -> b));
    }

    @Override
    public void close() {
        redis.close();
    }
}
