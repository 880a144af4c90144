package io.switchboard.bench;

import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.sio.SocketIoClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;

/**
 * The subscriber sockets of {@link Replicas}, one kind per system, each able to resume after a drop the way
 * that system's client does: Switchboard's notify link subscribes again with {@code since} (the offset of
 * the last event it read) and {@code epoch}; a Socket.IO client reconnects with its session's pid and the
 * offset of the last event it read (connection state recovery). Either may reconnect to the other replica.
 */
final class ReplicaSockets {
    /** One subscribed socket. */
    interface Link {
        /** Ends the connection as a dropped network would; frames read after this are not passed on. */
        void drop();

        void close();

        /** On a reconnect: whether the server said it resumed from where this socket's predecessor was. */
        boolean recovered();
    }

    /** How a system's sockets subscribe to the channel: on a given replica, resuming {@code previous} when not null. */
    interface Peer {
        Future<Link> open(Service replica, Consumer<String> sink, Link previous);
    }

    private ReplicaSockets() {
    }

    /** notify-service's {@code /notifications/ws}, JSON-RPC {@code subscribe} with {@code since} and {@code epoch} on a resume. */
    static Peer switchboard(Vertx vertx, WebSocketClient ws, String token, String channel) {
        return (replica, sink, previous) -> OnLoop.call(vertx, () -> ws.connect(new WebSocketConnectOptions()
                .setAbsoluteURI(replica.ws("/notifications/ws").toString())
                .addHeader("Authorization", "Bearer " + token)).compose(socket -> {
                    NotifyLink link = new NotifyLink(socket, (NotifyLink) previous);
                    Promise<Link> subscribed = Promise.promise();
                    socket.exceptionHandler(t -> { });
                    socket.textMessageHandler(text -> {
                        if (link.dropped) {
                            return;
                        }
                        if (text.contains("\"method\":\"event\"")) {
                            link.position(text, 0);
                            sink.accept(text);
                        } else if (text.contains("\"result\"")) {
                            link.subscribed(text);
                            subscribed.tryComplete(link);
                        } else {
                            subscribed.tryFail(text);
                        }
                    });
                    socket.writeTextMessage(link.subscribeRequest(channel));
                    return subscribed.future();
                }));
    }

    /** A Socket.IO client; {@code subscribe} (with ack) when new, or when the server did not restore the session. */
    static Peer socketIo(Vertx vertx, WebSocketClient ws, String token, String channel) {
        return (replica, sink, previous) -> {
            SioLink link = new SioLink();
            SocketIoClient before = previous == null ? null : ((SioLink) previous).client;
            return SocketIoClient.connect(vertx, ws, new WebSocketConnectOptions().setAbsoluteURI(replica.ws(SocketIoClient.PATH).toString()),
                    token, before, (name, payload) -> {
                        if (!link.dropped && payload != null) {
                            sink.accept(payload);
                        }
                    }).compose(c -> {
                        link.client = c;
                        if (c.recovered()) {
                            return Future.succeededFuture(link); // its rooms came back with the session
                        }
                        return c.emitWithAck("subscribe", "\"" + channel + "\"").map(ack -> {
                            if (ack.contains("error")) {
                                throw new IllegalStateException(ack);
                            }
                            return link;
                        });
                    });
        };
    }

    /** A notify link: the channel position (offset, epoch) of the last event read, or of the subscribe answer. */
    private static final class NotifyLink implements Link {
        private final WebSocket socket;
        private final NotifyLink previous;
        private volatile long offset = -1;
        private volatile String epoch;
        private volatile boolean recovered;
        volatile boolean dropped;

        NotifyLink(WebSocket socket, NotifyLink previous) {
            this.socket = socket;
            this.previous = previous;
        }

        String subscribeRequest(String channel) {
            StringBuilder params = new StringBuilder("{\"channel\":\"").append(channel).append('"');
            if (previous != null && previous.offset >= 0) {
                params.append(",\"since\":").append(previous.offset);
                if (previous.epoch != null) {
                    params.append(",\"epoch\":\"").append(previous.epoch).append('"');
                }
            }
            return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":" + params.append('}') + "}";
        }

        /**
         * The subscribe answer {@code {"channel","offset","epoch","recovered"}}: a recovered link goes on from its
         * predecessor's position (the missed events follow), any other from the answer's offset.
         */
        void subscribed(String text) {
            recovered = text.contains("\"recovered\":true");
            if (recovered) {
                offset = previous.offset;
                epoch = previous.epoch;
            } else {
                position(text, text.indexOf("\"result\""));
            }
        }

        /** Reads {@code "offset":n} and {@code "epoch":"..."} from a frame (the bench's event data has neither). */
        void position(String text, int from) {
            long at = FrameFields.longMember(text, from, "offset");
            if (at > offset) {
                offset = at;
                String e = FrameFields.stringMember(text, from, "epoch");
                if (e != null) {
                    epoch = e;
                }
            }
        }

        @Override
        public void drop() {
            dropped = true;
            socket.close();
        }

        @Override
        public void close() {
            socket.close();
        }

        @Override
        public boolean recovered() {
            return recovered;
        }
    }

    /** A Socket.IO link: the client keeps its session's pid and last offset itself. */
    private static final class SioLink implements Link {
        volatile SocketIoClient client;
        volatile boolean dropped;

        @Override
        public void drop() {
            dropped = true;
            client.drop();
        }

        @Override
        public void close() {
            client.close();
        }

        @Override
        public boolean recovered() {
            return client.recovered();
        }
    }
}
