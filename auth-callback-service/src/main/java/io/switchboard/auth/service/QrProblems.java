package io.switchboard.auth.service;

import io.switchboard.common.problem.ProblemException;

/**
 * Left only for the simulated third party ({@code io.switchboard.auth.simulator}), which is moving to its own
 * module; the service's own problems are mapped at the edge by {@code io.switchboard.auth.rest.QrProblems}.
 * Nothing else uses this class: it goes when the simulator leaves.
 */
public final class QrProblems {

    private QrProblems() {
    }

    public static ProblemException badRequest(String code, String detail) {
        return ProblemException.of(400, code, "Bad request", detail);
    }

    public static ProblemException notFound() {
        return ProblemException.of(404, "not_found", "Not Found", "Not Found");
    }
}
