package io.switchboard.auth.domain;

/** The third party answered, but with nothing a login can use (a refusal, unreadable JSON, a bad or reused key). */
public final class ThirdPartyBadResponse extends RuntimeException {
    public ThirdPartyBadResponse(String detail) {
        super(detail, null, false, false);
    }
}
