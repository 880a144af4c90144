package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.notify.domain.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads a request's {@code params} object into its record; anything else is "Invalid params". */
@ApplicationScoped
public class Params {
    private final ObjectMapper json;

    Params(ObjectMapper json) {
        this.json = json;
    }

    public <T> Optional<T> read(JsonNode params, Class<T> type) {
        if (params == null || !params.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.treeToValue(params, type));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Reply invalid(String what) {
        return Reply.error(JsonRpcErrors.INVALID_PARAMS, "Invalid params: " + what);
    }

    static Reply badChannel() {
        return invalid("channel must be " + Channel.FORMS);
    }

    static Reply forbidden(String what, Channel channel) {
        return Reply.error(JsonRpcErrors.FORBIDDEN, "Forbidden: you may not " + what + " " + channel.name());
    }
}
