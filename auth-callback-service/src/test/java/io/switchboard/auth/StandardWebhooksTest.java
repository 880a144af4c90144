package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.service.StandardWebhooks;
import io.switchboard.auth.service.StandardWebhooks.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signature check against the Standard Webhooks reference test vector and its edge cases. */
class StandardWebhooksTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TS = 1614265330L;
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant AT_TS = Instant.ofEpochSecond(TS);
    static final Duration FIVE_MIN = Duration.ofMinutes(5);
    static final List<byte[]> KEYS = List.of(StandardWebhooks.decodeSecret(SECRET));

    @Test
    void shouldProduceTheReferenceSignature() {
        assertThat(StandardWebhooks.sign(StandardWebhooks.decodeSecret(SECRET), ID, TS, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void shouldAcceptTheReferenceVectorAlsoAmongOtherSignatures() {
        assertThat(verify(EXPECTED, BODY, AT_TS)).isEqualTo(Verdict.VALID);
        assertThat(verify("v1,Zm9vYmFy v1a,whatever " + EXPECTED, BODY, AT_TS)).isEqualTo(Verdict.VALID);
    }

    @Test
    void shouldRejectAChangedBodyOrAnotherSecret() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(EXPECTED, changed, AT_TS)).isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
        List<byte[]> other = List.of(StandardWebhooks.decodeSecret("whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET"));
        assertThat(StandardWebhooks.verify(other, ID, Long.toString(TS), EXPECTED, BODY, AT_TS, FIVE_MIN))
                .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    }

    @Test
    void shouldRejectASignatureWithoutVersionOrGarbage() {
        assertThat(verify(EXPECTED.substring(3), BODY, AT_TS)).isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
        assertThat(verify("v1,***", BODY, AT_TS)).isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    }

    @Test
    void shouldRejectTimestampsOutsideFiveMinutesEitherWay() {
        assertThat(verify(EXPECTED, BODY, AT_TS.plusSeconds(300))).isEqualTo(Verdict.VALID);
        assertThat(verify(EXPECTED, BODY, AT_TS.plusSeconds(301))).isEqualTo(Verdict.TIMESTAMP_OUT_OF_RANGE);
        assertThat(verify(EXPECTED, BODY, AT_TS.minusSeconds(301))).isEqualTo(Verdict.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void shouldRejectATimestampWhoseDistanceToNowOverflows() {
        long ts = Long.MIN_VALUE + TS; // now - ts is exactly Long.MIN_VALUE, whose Math.abs is negative
        String signature = StandardWebhooks.sign(KEYS.get(0), ID, ts, BODY);
        assertThat(StandardWebhooks.verify(KEYS, ID, Long.toString(ts), signature, BODY, AT_TS, FIVE_MIN))
                .isEqualTo(Verdict.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void shouldReportMissingHeadersAndBadTimestamps() {
        assertThat(StandardWebhooks.verify(KEYS, null, "1", EXPECTED, BODY, AT_TS, FIVE_MIN)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(StandardWebhooks.verify(KEYS, ID, "", EXPECTED, BODY, AT_TS, FIVE_MIN)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(StandardWebhooks.verify(KEYS, ID, "1", null, BODY, AT_TS, FIVE_MIN)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(StandardWebhooks.verify(KEYS, ID, "yesterday", EXPECTED, BODY, AT_TS, FIVE_MIN))
                .isEqualTo(Verdict.BAD_TIMESTAMP);
    }

    @Test
    void shouldAcceptSecretsWithoutThePrefix() {
        assertThat(StandardWebhooks.sign(StandardWebhooks.decodeSecret(SECRET.substring(6)), ID, TS, BODY)).isEqualTo(EXPECTED);
    }

    private static Verdict verify(String signature, byte[] body, Instant now) {
        return StandardWebhooks.verify(KEYS, ID, Long.toString(TS), signature, body, now, FIVE_MIN);
    }
}
