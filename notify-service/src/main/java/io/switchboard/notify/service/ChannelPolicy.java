package io.switchboard.notify.service;

import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.Caller;
import io.switchboard.notify.domain.Channel;
import jakarta.enterprise.context.ApplicationScoped;

/** Who may read and who may write which channel; checked on every subscribe, publish and ack. */
@ApplicationScoped
public class ChannelPolicy {
    /** The role that reads {@code ops:} channels. */
    public static final String OPERATOR = "operator";
    private final NotifyConfig config;

    ChannelPolicy(NotifyConfig config) {
        this.config = config;
    }

    /** shop: the merchant of that shop; user: that user; board: its members; ops: operators. */
    public boolean maySubscribe(Caller caller, Channel channel) {
        return switch (channel.kind()) {
            case SHOP -> caller.hasRole("merchant") && channel.id().equals(caller.shop());
            case USER -> channel.id().equals(caller.userId());
            case BOARD -> caller.boards().contains(channel.id());
            case OPS -> caller.hasRole(OPERATOR);
        };
    }

    /**
     * Browsers publish only on boards they belong to, and only the types in {@code notify.board-publish-types};
     * never on {@code ops:} (nor shop or user) channels, which only the service role writes.
     */
    public boolean mayPublish(Caller caller, Channel channel, String type) {
        return channel.kind() == Channel.Kind.BOARD && caller.boards().contains(channel.id())
                && config.boardPublishTypes().contains(type);
    }
}
