package io.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checked-in OpenAPI document of a service ({@code contract/openapi/<service>.yaml}) against the one smallrye-openapi
 * generated in this build ({@code <module>/target/openapi/openapi.yaml}, written by
 * {@code quarkus.smallrye-openapi.store-schema-directory} when the application is built, also for a {@code @QuarkusTest}).
 * Run with {@code -Dopenapi.refresh=true} to copy the generated document over the checked-in one.
 */
public final class OpenApiContract {
    private OpenApiContract() {
    }

    /** Fails, saying how to refresh, unless the checked-in document equals the generated one byte for byte. */
    public static void assertCheckedIn(String service) {
        Path generated = Path.of("target/openapi/openapi.yaml").toAbsolutePath();
        Path checkedIn = ProjectRoot.find().resolve("contract/openapi/" + service + ".yaml");
        try {
            if (!Files.isRegularFile(generated)) {
                throw new AssertionError(generated + " was not generated: is quarkus.smallrye-openapi.store-schema-directory"
                        + " set to target/openapi in " + service + "'s application.properties, and did a @QuarkusTest start?");
            }
            String now = Files.readString(generated);
            if (Boolean.getBoolean("openapi.refresh")) {
                Files.writeString(checkedIn, now);
                return;
            }
            if (!Files.isRegularFile(checkedIn) || !Files.readString(checkedIn).equals(now)) {
                throw new AssertionError(checkedIn + " differs from the document this build generated (" + generated
                        + "). If the HTTP API changed on purpose, refresh it: ./mvnw -B -ntp -q verify -pl " + service
                        + " -am -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.refresh=true"
                        + " (or copy the generated file), say the change in docs/contract.md, and commit both.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
