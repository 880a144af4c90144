package io.switchboard.notify.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification channel: {@code shop:{shopId}}, {@code user:{userId}}, {@code board:{boardId}} or
 * {@code ops:{name}}.
 */
public record Channel(Kind kind, String id) {
    private static final Pattern FORMAT = Pattern.compile("(shop|user|board|ops):([A-Za-z0-9._@|+-]{1,128})");
    /** The accepted forms, for error messages. */
    public static final String FORMS = "shop:{id}, user:{id}, board:{id} or ops:{name}";

    /** The kinds of channel and who they are for. */
    public enum Kind {
        /** A shop's orders and reminders: the merchant whose {@code shop} claim matches. */
        SHOP,
        /** One person's private messages: the user whose {@code sub} matches. */
        USER,
        /** A todo board: the users whose {@code boards} claim lists it. */
        BOARD,
        /**
         * What operators watch (machines connecting and leaving, job progress): callers with role {@code operator};
         * written only by the {@code service} role (Kafka {@code notify.events}, {@code POST /api/events}).
         */
        OPS
    }

    /** Parses a channel name; empty when it is not one of the forms. */
    public static Optional<Channel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Channel(Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), m.group(2)));
    }

    public static Channel shop(String shopId) {
        return new Channel(Kind.SHOP, shopId);
    }

    /** The wire name, e.g. {@code shop:s1}. */
    public String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }

    @Override
    public String toString() {
        return name();
    }
}
