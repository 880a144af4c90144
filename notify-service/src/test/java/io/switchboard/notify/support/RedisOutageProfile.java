package io.switchboard.notify.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.switchboard.testsupport.Ports;
import java.util.Map;

/**
 * The service talks to the test Redis through one {@link TcpProxy} per JVM, which a test can cut and restore
 * (a Redis outage). The proxy is kept in the system properties as JDK types only, so the test and Quarkus,
 * whatever class loader each uses for this class, reach the same one.
 */
public class RedisOutageProfile implements QuarkusTestProfile {
    private static final String KEY = "switchboard.test.redis-proxy";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port(),
                // fail fast while the proxy is cut, instead of the 10 s default
                "quarkus.redis.timeout", "2s");
    }

    public static int port() {
        return (Integer) proxy().get("port");
    }

    public static void cut() {
        ((Runnable) proxy().get("cut")).run();
    }

    public static void restore() {
        ((Runnable) proxy().get("restore")).run();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> proxy() {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(KEY);
            if (existing == null) {
                TcpProxy p = new TcpProxy(Ports.TEST.redisPort());
                Runnable cut = p::cut;
                Runnable restore = p::restore;
                existing = Map.<String, Object>of("port", p.port(), "cut", cut, "restore", restore);
                System.getProperties().put(KEY, existing);
            }
            return (Map<String, Object>) existing;
        }
    }
}
