package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.redis.LuaScript;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Device groups (docs/jobs.md): {@code sb:group:<name>}, a Redis set of device ids kept through {@code /api/groups},
 * bounded in size; a job naming a group targets its members at the job's creation.
 */
@ApplicationScoped
public class GroupStore {
    private static final String PREFIX = "sb:group:";
    private static final LuaScript ADD = LuaScript.load("lua/group-add.lua");

    private final ReactiveRedisDataSource redis;

    GroupStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Adds {@code devices}; the group's size after, or -(size) when the additions would pass {@code max} (nothing added). */
    public Uni<Long> add(String group, List<String> devices, int max) {
        List<String> args = new ArrayList<>(List.of("1", PREFIX + group, Integer.toString(max)));
        args.addAll(devices);
        return ADD.run(redis, args.toArray(String[]::new)).map(r -> r.toLong());
    }

    public Uni<Void> remove(String group, String deviceId) {
        return redis.set(String.class).srem(PREFIX + group, deviceId).replaceWithVoid();
    }

    public Uni<Void> delete(String group) {
        return redis.key(String.class).del(PREFIX + group).replaceWithVoid();
    }

    /** The members, sorted (a job's order). */
    public Uni<List<String>> members(String group) {
        return redis.set(String.class).smembers(PREFIX + group).map(s -> s.stream().sorted().toList());
    }
}
