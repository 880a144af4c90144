package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatorConfig;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Exposition;
import io.switchboard.system.support.PromQl;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules in deploy/monitoring name only what the services export: all four are
 * started once from their jars, one command times out on a slow machine (a 504, a device socket), and every
 * metric selector of every expression is looked up in their {@code /q/metrics}: the sample name exists, a
 * function that needs a counter gets a counter (or a histogram's _count/_sum/_bucket), every label matched on
 * exists on the metric, and a value matched with = or =~ is one a sample has. Labels Prometheus adds at the
 * scrape (job, instance, namespace, pod) are not the services' and are not checked.
 */
class MonitoringSystemTest {
    private static final String SECRET = "whsec_bW9uaXRvcmluZy1zeXN0ZW0tdGVzdC1zZWNyZXQ=";
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_]+)\\s*\\)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static QrSimulator qr;
    private static DeviceSimulator devices;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        Infra.ensureStarted();
        root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        int authPort = ServiceProcess.freePort();
        qr = QrSimulator.start(QrSimulatorConfig.of("http://127.0.0.1:" + authPort + "/api/callbacks/qr-grants", SECRET));
        services.add(ServiceProcess.start(root, "device-gateway", "monitoring-gateway", ServiceProcess.env()));
        services.add(ServiceProcess.start(root, "command-service", "monitoring-command-service", ServiceProcess.env()));
        services.add(ServiceProcess.start(root, "auth-callback-service", "monitoring-auth", authPort, ServiceProcess.env(
                "QR_THIRD_PARTY_URL", qr.url(), "QR_WEBHOOK_SECRETS", SECRET, "QR_COOKIE_SECURE", "false",
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/privateKey.pem").toString())));
        services.add(ServiceProcess.start(root, "notify-service", "monitoring-notify", ServiceProcess.env()));
        for (ServiceProcess p : services) {
            p.awaitReady(Duration.ofSeconds(90));
        }
        // traffic, so the per-request meters have samples: a machine that answers too late gives a 504 on the
        // command endpoint; one unauthenticated call to each of the others
        String deviceId = "monitoring-" + System.nanoTime();
        SimulatorConfig slow = new SimulatorConfig(URI.create(services.get(0).ws("/devices/ws")),
                id -> Tokens.of("device", id), 5000, 0.0, 100, 2000);
        devices = new DeviceSimulator(slow);
        devices.startAndAwait(deviceId, slow, Duration.ofSeconds(20));
        Api operator = new Api(services.get(1).base(), Tokens.of("operator", "op-monitoring"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> operator.get("/api/devices/" + deviceId).status() == 200);
        assertThat(operator.commandNow(deviceId, "{\"method\":\"dispense\",\"timeoutMs\":300}").status()).isEqualTo(504);
        assertThat(post(services.get(2).base() + "/api/qr-logins", HttpRequest.BodyPublishers.noBody())).isEqualTo(201);
        assertThat(post(services.get(3).base() + "/api/events", HttpRequest.BodyPublishers.ofString("{}"))).isEqualTo(401);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (devices != null) {
            devices.close();
        }
        for (ServiceProcess p : services) {
            p.close();
        }
        if (qr != null) {
            qr.close();
        }
    }

    @Test
    void shouldExportEveryMetricTheDashboardAndTheAlertsName() throws Exception {
        Exposition metrics = new Exposition();
        for (ServiceProcess p : services) {
            metrics.add(get(p.base() + "/q/metrics"));
        }
        List<String> expressions = new ArrayList<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("deploy/monitoring/alerts.yaml").toFile());
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        JsonNode dashboard = JSON.readTree(root.resolve("deploy/monitoring/switchboard-dashboard.json").toFile());
        List<String> variableQueries = new ArrayList<>();
        collect(dashboard, expressions, variableQueries);
        assertThat(rules.path("groups").get(0).path("rules")).as("alert rules").hasSizeGreaterThanOrEqualTo(10);
        assertThat(expressions).as("expressions").hasSizeGreaterThanOrEqualTo(25).doesNotContain("");

        List<String> problems = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (String expr : expressions) {
            for (PromQl.Selector s : PromQl.selectors(expr)) {
                named.add(s.metric());
                check(metrics, s, expr, problems);
            }
        }
        for (String q : variableQueries) {
            var m = LABEL_VALUES.matcher(q);
            assertThat(m.find()).as("a dashboard variable query: " + q).isTrue();
            named.add(m.group(1));
            check(metrics, new PromQl.Selector(m.group(1), List.of(), null), q, problems);
        }
        assertThat(named).as("metrics named").hasSizeGreaterThanOrEqualTo(15)
                .contains("switchboard_redis_subscription_up", "switchboard_commands_waiting_max", "switchboard_qr_waiters_max",
                        "kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds_count",
                        "switchboard_notify_slow_consumers_total", "switchboard_gateway_devices", "switchboard_notify_sockets");
        assertThat(problems).as("metrics in deploy/monitoring that the services do not export as named").isEmpty();
    }

    private static void check(Exposition metrics, PromQl.Selector s, String expr, List<String> problems) {
        List<Map<String, String>> samples = metrics.samples(s.metric());
        if (samples.isEmpty()) {
            problems.add(s.metric() + " is not exported (in: " + expr + ")");
            return;
        }
        if (s.rangeFunction() != null) {
            String type = metrics.type(s.metric()).orElse("untyped");
            boolean counterLike = type.equals("counter") || (Set.of("histogram", "summary").contains(type)
                    && (s.metric().endsWith("_count") || s.metric().endsWith("_sum") || s.metric().endsWith("_bucket")));
            if (!counterLike) {
                problems.add(s.rangeFunction() + "(" + s.metric() + "): a " + type + ", not a counter (in: " + expr + ")");
            }
        }
        for (PromQl.LabelMatcher m : s.matchers()) {
            if (TARGET_LABELS.contains(m.label())) {
                continue;
            }
            if (samples.stream().noneMatch(l -> l.containsKey(m.label()))) {
                problems.add(s.metric() + " has no label " + m.label() + " (in: " + expr + ")");
            } else if (m.op().equals("=") && samples.stream().noneMatch(l -> m.value().equals(l.get(m.label())))) {
                problems.add(s.metric() + " has no sample with " + m.label() + "=\"" + m.value() + "\" (in: " + expr + ")");
            } else if (m.op().equals("=~") && samples.stream().noneMatch(l -> l.containsKey(m.label())
                    && Pattern.compile(m.value()).matcher(l.get(m.label())).matches())) {
                problems.add(s.metric() + " has no sample with " + m.label() + "=~\"" + m.value() + "\" (in: " + expr + ")");
            }
        }
    }

    /** Every panel target's expr, and the variable queries (label_values) of the dashboard. */
    private static void collect(JsonNode node, List<String> expressions, List<String> variableQueries) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                expressions.add(e.getValue().asText());
            } else if (e.getKey().equals("definition") && e.getValue().isTextual()) {
                variableQueries.add(e.getValue().asText());
            } else {
                collect(e.getValue(), expressions, variableQueries);
            }
        });
        if (node.isArray()) {
            node.forEach(n -> collect(n, expressions, variableQueries));
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static int post(String url, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
