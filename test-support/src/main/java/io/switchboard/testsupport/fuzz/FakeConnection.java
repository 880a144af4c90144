package io.switchboard.testsupport.fuzz;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WebSocketConnection} for tests of the per-frame logic without a socket: it has an id and a real
 * {@code userData()}, records what is sent and how it was closed, and refuses anything else.
 */
public final class FakeConnection {
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private volatile CloseReason closed;
    private final WebSocketConnection connection;

    public FakeConnection(String id) {
        UserData userData = new UserData() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> V get(TypedKey<V> key) {
                return (V) data.get(key.value());
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> V put(TypedKey<V> key, V value) {
                return (V) data.put(key.value(), value);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> V remove(TypedKey<V> key) {
                return (V) data.remove(key.value());
            }

            @Override
            public int size() {
                return data.size();
            }

            @Override
            public void clear() {
                data.clear();
            }
        };
        connection = (WebSocketConnection) Proxy.newProxyInstance(WebSocketConnection.class.getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (self, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "userData" -> userData;
                    case "isOpen" -> closed == null;
                    case "isClosed" -> closed != null;
                    case "closeReason" -> closed;
                    case "sendText" -> {
                        synchronized (sent) {
                            sent.add(String.valueOf(args[0]));
                        }
                        yield Uni.createFrom().voidItem();
                    }
                    case "close" -> {
                        closed = args == null || args.length == 0 ? CloseReason.NORMAL : (CloseReason) args[0];
                        yield Uni.createFrom().voidItem();
                    }
                    case "toString" -> "FakeConnection(" + id + ")";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("FakeConnection." + method.getName());
                });
    }

    public WebSocketConnection connection() {
        return connection;
    }

    /** Text frames sent so far, in order. */
    public List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** How it was closed, or null while open. */
    public CloseReason closed() {
        return closed;
    }
}
