package io.switchboard.bench.proc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the services under test export their spans when the suite runs with tracing on ({@code BENCH_OTEL=1},
 * docs/benchmarks/README.md): an OTLP/HTTP endpoint on 127.0.0.1 that reads each export, counts its bytes and
 * answers 200 with an empty body, so the figures carry the services' cost of tracing and exporting, not a
 * collector's.
 */
public final class OtlpSink implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The OTLP/HTTP endpoint for {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Export requests received so far. */
    public long exports() {
        return exports.get();
    }

    /** Bytes of export requests received so far. */
    public long bytes() {
        return bytes.get();
    }

    /** Export requests and their bytes received so far. */
    public String summary() {
        return exports.get() + " OTLP exports, " + bytes.get() + " bytes";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            bytes.addAndGet(body.transferTo(java.io.OutputStream.nullOutputStream()));
            exports.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
