package io.switchboard.common.problem;

import java.util.Map;

/** Thrown at the HTTP edge to answer with a problem document; mapped by {@link ProblemExceptionMapper}. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException of(int status, String code, String title, String detail) {
        return new ProblemException(Problem.of(status, code, title, detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
