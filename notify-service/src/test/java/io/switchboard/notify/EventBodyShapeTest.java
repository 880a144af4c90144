package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

/**
 * Bodies that Jackson cannot bind to an event (found by EventBodyFuzzTest's corpus): each is a 400 problem document
 * with a stable code, as every other HTTP error, not Quarkus' plain 400 for a mismatched input.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class EventBodyShapeTest {

    @Test
    void shouldAnswerABodyOfTheWrongShapeWithAProblemDocument() {
        for (String body : new String[] {"{\"id\":{},\"channel\":\"user:u1\",\"type\":\"message\"}", "[]", "\"event\"",
                "{\"id\":\"e1\",\"channel\":[1],\"type\":\"message\"}"}) {
            given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON).body(body)
                    .when().post("/api/events").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("code", equalTo("bad_request"));
        }
    }

    @Test
    void shouldAnswerABodyPastJacksonsNestingLimitWithAProblemDocument() {
        String deep = "{\"id\":\"e1\",\"channel\":\"user:u1\",\"type\":\"message\",\"data\":" + "[".repeat(1001) + "]".repeat(1001) + "}";
        given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON).body(deep)
                .when().post("/api/events").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("bad_request"));
    }
}
