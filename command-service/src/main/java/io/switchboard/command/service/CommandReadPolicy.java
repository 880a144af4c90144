package io.switchboard.command.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.switchboard.command.domain.CommandRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may read a command ({@code GET /api/commands/{id}}): the subject that submitted it, and role
 * {@code service} (backend integrations) any command. Anyone else is told the command does not exist, so
 * ids of other callers' commands are not confirmed. A record stored before submitters were recorded has
 * none and is readable by {@code service} only. Every read is logged (INFO) and counted in
 * {@code switchboard.commands.reads{outcome=own|service|denied}}.
 */
@ApplicationScoped
public class CommandReadPolicy {
    /** How a read was decided. */
    public enum Outcome { OWN, SERVICE, DENIED }

    private final Map<Outcome, Counter> reads = new EnumMap<>(Outcome.class);

    CommandReadPolicy(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            reads.put(o, Counter.builder("switchboard.commands.reads")
                    .description("reads of a command record, by whether the caller submitted it, read it as a service, or was denied")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    /** The decision alone (pure). */
    public static Outcome decide(CommandRecord record, String subject, boolean service) {
        if (record.submitter() != null && record.submitter().equals(subject)) {
            return Outcome.OWN;
        }
        return service ? Outcome.SERVICE : Outcome.DENIED;
    }

    /** The record when {@code subject} may read it, else empty (answered 404); logged and counted. */
    public Optional<CommandRecord> visible(CommandRecord record, String subject, boolean service) {
        Outcome outcome = decide(record, subject, service);
        reads.get(outcome).increment();
        String submitter = record.submitter() == null ? "nobody recorded (stored before submitters were)" : record.submitter();
        Log.infof("[command %s] read by %s%s, submitted by %s: %s", record.commandId(), subject,
                service ? " (service)" : "", submitter, outcome.name().toLowerCase(Locale.ROOT));
        return outcome == Outcome.DENIED ? Optional.empty() : Optional.of(record);
    }
}
