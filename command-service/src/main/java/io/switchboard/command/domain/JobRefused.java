package io.switchboard.command.domain;

import java.util.Map;

/**
 * A job request or action refused for the state of things, not its shape: too many jobs running, an empty or full
 * group, a job that does not exist or is not running. {@code status} and {@code code} are the problem's.
 */
public class JobRefused extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> members;

    public JobRefused(int status, String code, String title, String detail, Map<String, Object> members) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.members = Map.copyOf(members);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> members() {
        return members;
    }
}
