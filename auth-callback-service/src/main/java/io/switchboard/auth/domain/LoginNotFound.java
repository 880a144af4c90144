package io.switchboard.auth.domain;

/** No QR login with this id (never started, or gone from Redis after its grant window). */
public final class LoginNotFound extends RuntimeException {
    private final String loginId;

    public LoginNotFound(String loginId) {
        super("No QR login " + loginId, null, false, false);
        this.loginId = loginId;
    }

    public String loginId() {
        return loginId;
    }
}
