package io.switchboard.auth.client;

/** Body of the third party's {@code POST /qr-credentials}: our login id as {@code busNo}. */
public record CredentialRequest(String busNo) {
}
