package io.switchboard.notify.support;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Test only: {@code test.http.send-buffer-size} > 0 fixes the server sockets' SO_SNDBUF (which also stops the
 * kernel growing it), so a test can stall a socket's writes with a little data instead of the megabytes an
 * auto-tuned loopback buffer takes in. Unset (every other profile), it changes nothing.
 */
@ApplicationScoped
public class TestSendBuffer implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int size = ConfigProvider.getConfig().getOptionalValue("test.http.send-buffer-size", Integer.class).orElse(0);
        if (size > 0) {
            options.setSendBufferSize(size);
        }
    }
}
