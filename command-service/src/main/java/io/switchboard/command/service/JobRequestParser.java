package io.switchboard.command.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.InvalidCommand;
import io.switchboard.command.domain.InvalidJob;
import io.switchboard.command.domain.JobRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST /api/jobs} body (docs/jobs.md). The command part ({@code method}, {@code params},
 * {@code timeoutMs}, {@code delivery}) follows exactly the rules of a single command ({@link CommandRequestParser}).
 */
@ApplicationScoped
public class JobRequestParser {
    /** Device and group ids: what a token's {@code sub} and a channel id may hold. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@|+-]{1,128}");
    private static final Set<String> FIELDS = Set.of("method", "params", "timeoutMs", "delivery", "targets",
            "ratePerMinute", "abort");
    private static final Set<String> COMMAND_FIELDS = Set.of("method", "params", "timeoutMs", "delivery");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRequestParser commands;
    private final CommandConfig.Jobs config;

    JobRequestParser(CommandRequestParser commands, CommandConfig config) {
        this.commands = commands;
        this.config = config.jobs();
    }

    public JobRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidJob("The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidJob("The body must be a JSON object {\"method\",\"targets\",...}");
        }
        ObjectNode command = JSON.createObjectNode();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidJob("Unknown field '" + f + "'; allowed: " + String.join(", ", sorted(FIELDS)));
            }
            if (COMMAND_FIELDS.contains(f)) {
                command.set(f, root.get(f));
            }
        }
        CommandRequest c;
        try {
            c = commands.parse(command.toString());
        } catch (InvalidCommand e) {
            throw new InvalidJob(e.getMessage());
        }
        JsonNode targets = root.get("targets");
        List<String> devices = null;
        String group = null;
        if (targets == null || !targets.isObject() || targets.size() != 1
                || !(targets.has("devices") || targets.has("group"))) {
            throw new InvalidJob("'targets' must be {\"devices\":[\"id\",...]} or {\"group\":\"id\"}");
        }
        if (targets.has("devices")) {
            devices = devices(targets.get("devices"));
        } else {
            JsonNode g = targets.get("group");
            if (g == null || !g.isTextual() || !ID.matcher(g.asText()).matches()) {
                throw new InvalidJob("'targets.group' must be a group id (1-128 of A-Z a-z 0-9 . _ : @ | + -)");
            }
            group = g.asText();
        }
        int rate = wholeNumber(root.get("ratePerMinute"), "ratePerMinute", 1, config.maxRatePerMinute(),
                config.defaultRatePerMinute());
        Integer abortPercent = null;
        Integer abortMin = null;
        JsonNode abort = root.get("abort");
        if (abort != null && !abort.isNull()) {
            if (!abort.isObject() || !abort.has("failedPercent")) {
                throw new InvalidJob("'abort' must be {\"failedPercent\":0..100,\"minFinished\":N}");
            }
            for (Iterator<String> it = abort.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("failedPercent") && !f.equals("minFinished")) {
                    throw new InvalidJob("Unknown field 'abort." + f + "'; allowed: failedPercent, minFinished");
                }
            }
            abortPercent = wholeNumber(abort.get("failedPercent"), "abort.failedPercent", 0, 100, 0);
            abortMin = abort.has("minFinished") && !abort.get("minFinished").isNull()
                    ? wholeNumber(abort.get("minFinished"), "abort.minFinished", 1, config.maxTargets(), 1) : null;
        }
        return new JobRequest(c.method(), c.params(), c.timeoutMs(), devices, group, rate, abortPercent, abortMin,
                c.queueFor());
    }

    private List<String> devices(JsonNode list) {
        return deviceIds(list, config.maxTargets(), "targets.devices", "a job targets at most");
    }

    /**
     * The device ids of a JSON array named {@code name}: each valid, repeats dropped (the first kept), 1 to {@code max}
     * ({@code beyond} words the bound in the message). Also the body of {@code POST /api/groups/{group}/devices}.
     */
    public static List<String> deviceIds(JsonNode list, int max, String name, String beyond) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidJob("'" + name + "' must be a non-empty array of device ids");
        }
        if (list.size() > max) {
            throw new InvalidJob("'" + name + "' names " + list.size() + " devices; " + beyond + " " + max);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : list) {
            if (!id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw new InvalidJob("'" + name + "' holds " + id + ", not a device id (1-128 of A-Z a-z 0-9 . _ : @ | + -)");
            }
            ids.add(id.asText());
        }
        return new ArrayList<>(ids);
    }

    private static int wholeNumber(JsonNode n, String name, int min, int max, int absent) {
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw new InvalidJob("'" + name + "' must be a whole number from " + min + " to " + max);
        }
        return n.asInt();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
