package io.switchboard.testsupport.fuzz;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @ConfigMapping} interface answered with its {@code @WithDefault} values, for tests of pure logic that
 * construct a bean by hand (the fuzz tests): no Quarkus boot. {@code overrides} are keyed by the method path,
 * e.g. {@code "instanceId"} or {@code "webhook.secrets"}; a key without default or override that is read fails.
 */
public final class ConfigDefaults {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private ConfigDefaults() {
    }

    public static <T> T of(Class<T> mapping) {
        return of(mapping, Map.of());
    }

    public static <T> T of(Class<T> mapping, Map<String, Object> overrides) {
        return proxy(mapping, "", overrides);
    }

    private static <T> T proxy(Class<T> type, String prefix, Map<String, Object> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "ConfigDefaults(" + type.getSimpleName() + ")";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            return value(method, prefix + method.getName(), overrides);
        });
        return type.cast(proxy);
    }

    private static Object value(Method method, String path, Map<String, Object> overrides) {
        if (overrides.containsKey(path)) {
            return overrides.get(path);
        }
        WithDefault fallback = method.getAnnotation(WithDefault.class);
        Type type = method.getGenericReturnType();
        if (fallback != null) {
            return convert(fallback.value(), type);
        }
        if (method.getReturnType() == Optional.class) {
            return Optional.empty();
        }
        if (method.getReturnType().isInterface() && method.getReturnType().getPackageName().startsWith("io.switchboard")) {
            return proxy(method.getReturnType(), path + ".", overrides);
        }
        throw new IllegalStateException("config " + path + " has no default: pass it as an override");
    }

    private static Object convert(String text, Type type) {
        if (type instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type item = p.getActualTypeArguments()[0];
            if (raw == Optional.class) {
                return Optional.of(convert(text, item));
            }
            List<Object> items = Arrays.stream(text.split(",")).map(String::trim).map(s -> convert(s, item)).toList();
            return raw == Set.class ? Set.copyOf(items) : items;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return text;
        }
        if (c == int.class || c == Integer.class) {
            return Integer.parseInt(text);
        }
        if (c == long.class || c == Long.class) {
            return Long.parseLong(text);
        }
        if (c == boolean.class || c == Boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (c == double.class || c == Double.class) {
            return Double.parseDouble(text);
        }
        if (c == Duration.class) {
            return duration(text);
        }
        throw new IllegalStateException("no conversion to " + c + " for default '" + text + "'");
    }

    /** SmallRye's rules: a bare number is seconds, a number with ms/s/m/h/d its unit, anything else ISO-8601. */
    private static Duration duration(String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
