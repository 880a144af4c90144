package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testsupport.InfraResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /start} with {@code notify.start-page.links-file} set, as scripts/run-local.sh sets it: every link
 * of the file, escaped, not cached; without the setting (the default, production) it is 404
 * ({@link StartPageDisabledTest}).
 */
@QuarkusTest
@TestProfile(StartPageTest.WithLinks.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class StartPageTest {
    /** A links file like the one run-local.sh writes. */
    public static class WithLinks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("start-page", ".json");
                file.toFile().deleteOnExit();
                Files.writeString(file, """
                        [{"title": "Merchant orders, shop s1", "url": "http://127.0.0.1:8084/merchant.html#token=eyJ.merchant.sig",
                          "note": "merchant m1"},
                         {"title": "Todo <board> b1", "url": "http://127.0.0.1:8084/board.html#token=eyJ.alice.sig&x=\\"1\\""},
                         {"title": "QR login", "url": "http://127.0.0.1:8083/"}]
                        """);
                return Map.of("notify.start-page.links-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void shouldLinkEveryPageOfTheLinksFileWithItsToken() {
        given().get("/start").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("<a href=\"http://127.0.0.1:8084/merchant.html#token=eyJ.merchant.sig\">Merchant orders, shop s1</a>"),
                        containsString("<small>merchant m1</small>"),
                        containsString("href=\"http://127.0.0.1:8084/board.html#token=eyJ.alice.sig&amp;x=&quot;1&quot;\">Todo &lt;board&gt; b1</a>"),
                        containsString("<a href=\"http://127.0.0.1:8083/\">QR login</a>"),
                        not(containsString("<board>")));
    }
}
