package io.switchboard.testsupport;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * The wire contract's JSON Schemas ({@code contract/schemas/*.json} at the checkout's root, draft 2020-12, the
 * ones {@code contract/asyncapi.yaml} names), for tests that hold what a service sends or reads to them: a frame
 * it wrote to a socket, a record it wrote to Kafka or a value it reads, a problem+json body. Schemas are named by
 * file ({@code "kafka-device-reply.json"}); their {@code $ref}s to each other resolve as files. Formats
 * ({@code date-time}) are asserted, not only annotated.
 */
public final class ContractSchemas {
    private static final Path DIR = ProjectRoot.find().resolve("contract/schemas");
    /** The schemas' base IRI: never fetched, each IRI under it is read from {@link #DIR} (so relative {@code $ref}s resolve there). */
    private static final String BASE = "https://switchboard.io/contract/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(ContractSchemas::read));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** What is wrong with {@code json} against schema {@code name}: empty when it is valid (also when it is not JSON: one error). */
    public static List<String> errors(String name, String json) {
        Schema schema = schema(name);
        try {
            List<Error> errors = schema.validate(json, InputFormat.JSON,
                    context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
            return errors.stream().map(Error::toString).toList();
        } catch (RuntimeException notJson) {
            return List.of("not JSON: " + notJson.getMessage());
        }
    }

    /** Fails, naming the schema, the errors and the value, unless {@code json} is valid against schema {@code name}. */
    public static String assertValid(String name, String json) {
        List<String> errors = errors(name, json);
        if (!errors.isEmpty()) {
            throw new AssertionError("not valid against contract/schemas/" + name + " " + errors + ": " + json);
        }
        return json;
    }

    /** Fails unless {@code json} breaks schema {@code name} (for tests that show a schema is strict). */
    public static void assertInvalid(String name, String json) {
        if (errors(name, json).isEmpty()) {
            throw new AssertionError("valid against contract/schemas/" + name + ", expected not: " + json);
        }
    }

    /** A matcher of a whole body (RestAssured's {@code then().body(validAgainst("problem.json"))}): valid against schema {@code name}. */
    public static Matcher<Object> validAgainst(String name) {
        return new TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object body, Description mismatch) {
                List<String> errors = errors(name, String.valueOf(body));
                mismatch.appendText("errors " + errors + " in " + body);
                return errors.isEmpty();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a body valid against contract/schemas/" + name);
            }
        };
    }

    private static Schema schema(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            if (!Files.isRegularFile(DIR.resolve(n))) {
                throw new IllegalArgumentException("no contract schema " + DIR.resolve(n));
            }
            Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + n));
            schema.initializeValidators();
            return schema;
        });
    }

    /** The text of the schema at {@code iri}, or null when the IRI is not one of the contract's. */
    private static String read(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        try {
            return Files.readString(DIR.resolve(iri.substring(BASE.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("contract schema " + iri, e);
        }
    }
}
