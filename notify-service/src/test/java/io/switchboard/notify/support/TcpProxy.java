package io.switchboard.notify.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny TCP proxy in front of the test Redis, for one test JVM: {@link #cut()} closes every connection and
 * the listening socket (clients then see "connection refused", as with a Redis that is down), {@link #restore()}
 * listens again on the same port. The shared Redis itself is never touched.
 */
public final class TcpProxy {
    private final int upstreamPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    public TcpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        restore();
    }

    public int port() {
        return port;
    }

    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            server = s;
            Thread acceptor = new Thread(() -> accept(s), "redis-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    public synchronized void cut() {
        ServerSocket s = server;
        server = null;
        close(s);
        sockets.forEach(TcpProxy::close);
        sockets.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket("127.0.0.1", upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or Redis refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                close(from);
                close(to);
            }
        }, "redis-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }
}
