package io.switchboard.auth.store;

/** Receives what the {@link ChangeFeed} hears from Redis. Called on a Vert.x event loop: never block. */
public interface ChangeSink {

    /** A login changed state (on this or any other replica). */
    void changed(String loginId, String state);

    /** The subscription was re-established: changes may have been missed, everyone re-reads. */
    void resync();
}
