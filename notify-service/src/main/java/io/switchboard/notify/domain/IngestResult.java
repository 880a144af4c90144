package io.switchboard.notify.domain;

/** The outcome of ingesting one event: its channel offset, and whether its id had been seen already. */
public record IngestResult(String id, String channel, long offset, boolean duplicate) {
}
