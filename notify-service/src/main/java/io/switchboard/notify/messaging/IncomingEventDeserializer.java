package io.switchboard.notify.messaging;

import io.micrometer.core.instrument.Metrics;
import io.switchboard.common.wire.WireDeserializer;
import io.switchboard.notify.domain.IncomingEvent;

/**
 * {@code notify.events} values: an {@link IncomingEvent} whose {@link IncomingEvent#problem() fields} are well formed;
 * a refused one is also counted as {@code switchboard.notify.ingest{source=kafka,outcome=invalid}}.
 */
public class IncomingEventDeserializer extends WireDeserializer<IncomingEvent> {
    public IncomingEventDeserializer() {
        super(IncomingEvent.class, IncomingEvent::problem);
    }

    @Override
    protected void refused(String topic) {
        Metrics.counter("switchboard.notify.ingest", "source", "kafka", "outcome", "invalid").increment();
    }
}
