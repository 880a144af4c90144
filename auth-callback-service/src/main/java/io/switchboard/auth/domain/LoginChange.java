package io.switchboard.auth.domain;

/** A login changed state, on this or any other replica ({@code state} as its wire name). */
public record LoginChange(String loginId, String state) {
}
