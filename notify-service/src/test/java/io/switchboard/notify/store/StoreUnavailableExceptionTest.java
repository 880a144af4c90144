package io.switchboard.notify.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Pure logic: which Redis failures are an outage (retry, 503) and which are not. */
class StoreUnavailableExceptionTest {
    @Test
    void shouldTreatConnectionFailuresAndTransientRepliesAsUnavailable() {
        assertThat(StoreUnavailableException.classify(new ConnectException("Connection refused")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(StoreUnavailableException.classify(ErrorType.create("LOADING Redis is loading the dataset in memory")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(StoreUnavailableException.classify(ErrorType.create("READONLY You can't write against a read only replica.")))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void shouldNotHideABugAsAnOutage() {
        ErrorType scriptError = ErrorType.create("ERR Error running script (call to f_1234): @user_script:3: bad argument");
        assertThat(StoreUnavailableException.classify(scriptError)).isSameAs(scriptError);
        ErrorType wrongType = ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(StoreUnavailableException.classify(wrongType)).isSameAs(wrongType);
    }
}
