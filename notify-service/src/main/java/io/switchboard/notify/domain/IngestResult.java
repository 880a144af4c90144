package io.switchboard.notify.domain;

/**
 * The outcome of ingesting one event: its channel offset and epoch, and whether its id had been seen already.
 * {@code epoch} is the channel's epoch (see {@link StoredEvent}).
 */
public record IngestResult(String id, String channel, long offset, String epoch, boolean duplicate) {
}
