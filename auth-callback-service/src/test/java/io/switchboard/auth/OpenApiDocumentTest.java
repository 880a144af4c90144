package io.switchboard.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.OpenApiContract;
import org.junit.jupiter.api.Test;

/** The OpenAPI document this build generates is the checked-in contract/openapi/auth-callback-service.yaml. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {
    @Test
    void shouldMatchTheCheckedInOpenApiDocument() {
        OpenApiContract.assertCheckedIn("auth-callback-service");
    }
}
