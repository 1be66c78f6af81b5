package io.lossforge.orchestrator.ui;

import static io.lossforge.orchestrator.TestCredentials.SCRAPE_TOKEN;
import static io.lossforge.orchestrator.TestCredentials.VIEWER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.TestCredentials;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web view's admission without a browser (the fast suite; WebViewIT does the same in Chromium against
 * a real stack): sign-in with a key in a form body and the CSRF token, the session cookie's flags, reads
 * and writes of a session against the same role rules as a key, and that a request carrying a key is
 * judged by its key alone, whatever cookie it also carries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserSessionTest {

    private static final String EVALUATE = "{\"expression\": \"ce\", \"logits\": [[1, 2, 3]], \"labels\": [2]}";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String home = Files.createTempDirectory("browser-session").toString();
        registry.add("lossforge.orchestrator.home", () -> home);
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    /** One browser: its cookies, no redirect followed (the test reads each one). */
    private final CookieManager cookies = new CookieManager();

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void aPageWithoutASessionLeadsToTheSignInPage() throws Exception {
        HttpResponse<String> page = get("/ui/searches/00000000-0000-0000-0000-000000000000");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in"));
        assertThat(get("/ui/sign-in").statusCode()).isEqualTo(200);
    }

    @Test
    void aViewerKeySignsInToAnHttpOnlySameSiteSessionThatReadsTheApi() throws Exception {
        HttpResponse<String> signedIn = signIn(VIEWER_KEY);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement()
                .satisfies(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(get("/api/v1/searches").statusCode()).isEqualTo(200);
        assertThat(get("/ui/").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongKeyOrTheScrapeTokenIsSentBackToTheSignInPageWithoutASession() throws Exception {
        for (String refused : List.of("lf_not-a-key-of-this-orchestrator-000000000000", SCRAPE_TOKEN, " ")) {
            HttpResponse<String> answer = signIn(refused);
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in?error"));
            assertThat(get("/api/v1/searches").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSignInWithoutTheCsrfTokenIsRefused() throws Exception {
        get("/ui/sign-in");
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url("/ui/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + VIEWER_KEY)));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/searches").statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionWriteNeedsTheCsrfTokenAndTheKeysRole() throws Exception {
        signIn(VIEWER_KEY);
        HttpResponse<String> withoutToken = postJson("/api/v1/losses/evaluate", EVALUATE, false);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body())
                .contains("urn:lossforge:problem:forbidden")
                .contains("CSRF");
        assertThat(postJson("/api/v1/losses/evaluate", EVALUATE, true).statusCode())
                .isEqualTo(200);
        HttpResponse<String> start = postJson("/api/v1/searches", "{}", true);
        assertThat(start.statusCode())
                .as("a viewer's session may not start a search")
                .isEqualTo(403);
        assertThat(start.body()).contains("may not POST /api/v1/searches");
    }

    @Test
    void aRequestWithAKeyIsJudgedByTheKeyWhateverSessionItCarries() throws Exception {
        signIn(VIEWER_KEY);
        HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(url("/api/v1/searches"))
                .header("Authorization", "Bearer lf_not-a-key-of-this-orchestrator-000000000000"));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> keyed = send(HttpRequest.newBuilder(url("/api/v1/losses/evaluate"))
                .header("X-API-Key", VIEWER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EVALUATE)));
        assertThat(keyed.statusCode())
                .as("a key needs no CSRF token: it is not sent by the browser on its own")
                .isEqualTo(200);
    }

    private HttpResponse<String> signIn(String key) throws Exception {
        get("/ui/sign-in");
        return send(HttpRequest.newBuilder(url("/ui/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("key=" + URLEncoder.encode(key, StandardCharsets.UTF_8))));
    }

    private HttpResponse<String> postJson(String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            request.header("X-XSRF-TOKEN", csrfToken());
        }
        return send(request);
    }

    private String csrfToken() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + cookies.getCookieStore()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
