package io.switchboard.qrsim.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Stands in for auth's webhook: records every delivery and answers 200 {@code {"ok":true}}. */
public final class WebhookReceiver implements AutoCloseable {
    /** One delivery as received: the Standard Webhooks headers and the raw body. */
    public record Delivery(String id, String timestamp, String signature, String body) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final HttpServer server;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/callbacks/qr-grants", exchange -> {
            Map<String, java.util.List<String>> h = exchange.getRequestHeaders();
            deliveries.add(new Delivery(h.get("webhook-id").get(0), h.get("webhook-timestamp").get(0),
                    h.get("webhook-signature").get(0),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/callbacks/qr-grants";
    }

    /** The next delivery, or null when none came within 5 s. */
    public Delivery next() throws InterruptedException {
        return deliveries.poll(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
