package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(EXPECTED, StandardWebhooks.sign(StandardWebhooks.decodeSecret(SECRET), ID, TS, BODY));
    }

    @Test
    void shouldAcceptTheReferenceVectorAlsoAmongOtherSignatures() {
        assertEquals(Verdict.VALID, verify(EXPECTED, BODY, AT_TS));
        assertEquals(Verdict.VALID, verify("v1,Zm9vYmFy v1a,whatever " + EXPECTED, BODY, AT_TS));
    }

    @Test
    void shouldRejectAChangedBodyOrAnotherSecret() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verify(EXPECTED, changed, AT_TS));
        List<byte[]> other = List.of(StandardWebhooks.decodeSecret("whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET"));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE,
                StandardWebhooks.verify(other, ID, Long.toString(TS), EXPECTED, BODY, AT_TS, FIVE_MIN));
    }

    @Test
    void shouldRejectASignatureWithoutVersionOrGarbage() {
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verify(EXPECTED.substring(3), BODY, AT_TS));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verify("v1,***", BODY, AT_TS));
    }

    @Test
    void shouldRejectTimestampsOutsideFiveMinutesEitherWay() {
        assertEquals(Verdict.VALID, verify(EXPECTED, BODY, AT_TS.plusSeconds(300)));
        assertEquals(Verdict.TIMESTAMP_OUT_OF_RANGE, verify(EXPECTED, BODY, AT_TS.plusSeconds(301)));
        assertEquals(Verdict.TIMESTAMP_OUT_OF_RANGE, verify(EXPECTED, BODY, AT_TS.minusSeconds(301)));
    }

    @Test
    void shouldRejectATimestampWhoseDistanceToNowOverflows() {
        long ts = Long.MIN_VALUE + TS; // now - ts is exactly Long.MIN_VALUE, whose Math.abs is negative
        String signature = StandardWebhooks.sign(KEYS.get(0), ID, ts, BODY);
        assertEquals(Verdict.TIMESTAMP_OUT_OF_RANGE,
                StandardWebhooks.verify(KEYS, ID, Long.toString(ts), signature, BODY, AT_TS, FIVE_MIN));
    }

    @Test
    void shouldReportMissingHeadersAndBadTimestamps() {
        assertEquals(Verdict.MISSING_HEADERS, StandardWebhooks.verify(KEYS, null, "1", EXPECTED, BODY, AT_TS, FIVE_MIN));
        assertEquals(Verdict.MISSING_HEADERS, StandardWebhooks.verify(KEYS, ID, "", EXPECTED, BODY, AT_TS, FIVE_MIN));
        assertEquals(Verdict.MISSING_HEADERS, StandardWebhooks.verify(KEYS, ID, "1", null, BODY, AT_TS, FIVE_MIN));
        assertEquals(Verdict.BAD_TIMESTAMP, StandardWebhooks.verify(KEYS, ID, "yesterday", EXPECTED, BODY, AT_TS, FIVE_MIN));
    }

    @Test
    void shouldAcceptSecretsWithoutThePrefix() {
        assertEquals(EXPECTED, StandardWebhooks.sign(StandardWebhooks.decodeSecret(SECRET.substring(6)), ID, TS, BODY));
    }

    private static Verdict verify(String signature, byte[] body, Instant now) {
        return StandardWebhooks.verify(KEYS, ID, Long.toString(TS), signature, body, now, FIVE_MIN);
    }
}
