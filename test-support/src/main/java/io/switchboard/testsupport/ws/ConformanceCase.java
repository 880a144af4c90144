package io.switchboard.testsupport.ws;

/**
 * One case of the suite: its Autobahn|Testsuite number (e.g. {@code 7.9.3}), what it checks, and the check.
 *
 * @param id    Autobahn's case number, or the nearest section with a letter suffix for cases of our own
 * @param title what the server must do, e.g. "close code 1004 -> 1002"
 * @param body  the check; throws an {@link AssertionError} when the server does otherwise
 */
public record ConformanceCase(String id, String title, Body body) {

    @FunctionalInterface
    public interface Body {
        void run(Endpoint endpoint) throws Exception;
    }

    public static ConformanceCase of(String id, String title, Body body) {
        return new ConformanceCase(id, title, body);
    }

    public String displayName() {
        return id + " " + title;
    }
}
