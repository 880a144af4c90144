package io.switchboard.notify;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

/** Without {@code notify.start-page.links-file} (the default, and production) there is no start page. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class StartPageDisabledTest {
    @Test
    void shouldAnswer404WhenNoLinksFileIsSet() {
        given().get("/start").then().statusCode(404);
    }
}
