package io.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.auth.service.StandardWebhooks.Verdict;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Any {@code webhook-timestamp} and {@code webhook-signature} headers get a verdict from
 * {@link StandardWebhooks#verify}, never an exception, and the verdict is right about time: a timestamp more than
 * the tolerance away from now (computed without overflow) is never accepted. Input: three lines, the timestamp,
 * the signatures and the body; {@code sign} in the signatures stands for the valid signature of that timestamp and
 * body, so the fuzzer reaches the time check with signatures that match. "Now" is the reference vector's time.
 */
class WebhookHeadersFuzzTest {
    private static final byte[] KEY = StandardWebhooks.decodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant NOW = Instant.ofEpochSecond(1614265330L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @FuzzTest(maxDuration = "30s")
    void anyTimestampAndSignatureGetAVerdictThatRespectsTheWindow(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        String timestamp = lines[0];
        String signatures = lines.length > 1 ? lines[1] : "";
        byte[] body = (lines.length > 2 ? lines[2] : "").getBytes(StandardCharsets.UTF_8);
        if (signatures.contains("sign")) {
            signatures = signatures.replace("sign", signature(timestamp, body));
        }

        Verdict verdict = StandardWebhooks.verify(List.of(KEY), ID, timestamp, signatures, body, NOW, TOLERANCE);

        assertThat(verdict).isNotNull();
        if (verdict == Verdict.VALID || verdict == Verdict.NO_MATCHING_SIGNATURE || verdict == Verdict.TIMESTAMP_OUT_OF_RANGE) {
            BigInteger distance = new BigInteger(timestamp.trim()).subtract(BigInteger.valueOf(NOW.getEpochSecond())).abs();
            boolean inWindow = distance.compareTo(BigInteger.valueOf(TOLERANCE.toSeconds())) <= 0;
            assertThat(verdict == Verdict.TIMESTAMP_OUT_OF_RANGE).as("timestamp %s out of the window", timestamp)
                    .isEqualTo(!inWindow);
        }
    }

    /** The valid signature when the timestamp is a number, else something that matches nothing. */
    private static String signature(String timestamp, byte[] body) {
        try {
            return StandardWebhooks.sign(KEY, ID, Long.parseLong(timestamp.trim()), body).replace(" ", "");
        } catch (NumberFormatException e) {
            return "v1,AAAA";
        }
    }
}
