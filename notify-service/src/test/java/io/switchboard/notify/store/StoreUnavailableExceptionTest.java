package io.switchboard.notify.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Pure logic: which Redis failures are an outage (retry, 503) and which are not. */
class StoreUnavailableExceptionTest {
    @Test
    void shouldTreatConnectionFailuresAndTransientRepliesAsUnavailable() {
        assertInstanceOf(StoreUnavailableException.class, StoreUnavailableException.classify(new ConnectException("Connection refused")));
        assertInstanceOf(StoreUnavailableException.class,
                StoreUnavailableException.classify(ErrorType.create("LOADING Redis is loading the dataset in memory")));
        assertInstanceOf(StoreUnavailableException.class,
                StoreUnavailableException.classify(ErrorType.create("READONLY You can't write against a read only replica.")));
    }

    @Test
    void shouldNotHideABugAsAnOutage() {
        ErrorType scriptError = ErrorType.create("ERR Error running script (call to f_1234): @user_script:3: bad argument");
        assertSame(scriptError, StoreUnavailableException.classify(scriptError));
        ErrorType wrongType = ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertSame(wrongType, StoreUnavailableException.classify(wrongType));
    }
}
