package io.switchboard.auth.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP third party for tests ({@code POST /qr-credentials}) on a free port; {@link #mode} switches
 * it to failing behaviours. Sets {@code qr.third-party.url}.
 */
public class ThirdPartyStub implements QuarkusTestResourceLifecycleManager {
    public enum Mode { OK, DOWN, ERROR_500, GARBAGE, SILENT }

    private static volatile Mode mode = Mode.OK;
    private Vertx vertx;

    public static void mode(Mode m) {
        mode = m;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            if (!"/qr-credentials".equals(req.path())) {
                req.response().setStatusCode(404).end();
                return;
            }
            switch (mode) {
                case DOWN -> req.connection().close();
                case ERROR_500 -> req.response().setStatusCode(500).end("oops");
                case GARBAGE -> req.response().putHeader("content-type", "application/json").end("<html>not json");
                case SILENT -> { }
                default -> req.body().onSuccess(body -> {
                    String busNo = body.toJsonObject().getString("busNo");
                    String key = "key-" + UUID.randomUUID();
                    req.response().putHeader("content-type", "application/json").end(new JsonObject()
                            .put("qrCodeKey", key)
                            .put("qrUrl", "https://third-party.example/scan?qrCodeKey=" + key + "&bus=" + busNo)
                            .encode());
                });
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("third-party stub did not start", e);
        }
        return Map.of("qr.third-party.url", "http://127.0.0.1:" + server.actualPort());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
