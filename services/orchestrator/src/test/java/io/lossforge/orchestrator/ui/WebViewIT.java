package io.lossforge.orchestrator.ui;

import static io.lossforge.orchestrator.TestCredentials.OPERATOR_KEY;
import static io.lossforge.orchestrator.TestCredentials.VIEWER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The web view in a real browser (headless Chromium) against a real stack that runs a small search and a
 * small study on real Fashion-MNIST: what a person sees on each page, and how the browser is admitted —
 * a wrong key refused visibly, a viewer key signed in to an HttpOnly SameSite session, writes without the
 * CSRF token refused, the key in no page, URL or log. One browser goes through the steps in order, as a
 * person would; each page's screenshot goes to target/screenshots/.
 */
@Tag("real-data") // needs the npm datasets in the data root: not in the fast suite
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewIT {

    private static final String SEARCH = """
            {"name": "web view", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 2000,
              "validationSamples": 500, "epochs": 1, "batchSize": 128, "seed": 1},
             "search": {"populationSize": 8, "generations": 3, "seedLosses": ["ce", "ngl"], "seed": 1}}
            """;
    private static final String STUDY = """
            {"name": "web view study", "losses": [{"loss": "poly1"}], "seeds": 2,
             "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1500,
                        "validationSamples": 300, "seed": 3}]}
            """;

    private static RealStack stack;
    private static HeadlessChromium browser;
    private static String searchId;
    private static String studyId;
    /** Every page source and URL the browser showed, for the check that the key is in none of them. */
    private static final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        stack = RealStack.start();
        studyId = stack.create("/api/v1/studies", STUDY);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void aPageAskedForWithoutASessionLeadsToTheSignInPageWhichRefusesAWrongKeyVisibly() throws Exception {
        open("/ui/studies/" + studyId);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/sign-in");
        signIn("lf_not-a-key-of-this-orchestrator-000000000000");
        WebElement refusal = browser.visible("#sign-in-error", 15);
        assertThat(refusal.getText()).contains("That key was refused");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/sign-in?error");
        browser.screenshot("sign-in-refused");
        remember();
    }

    @Test
    @Order(2)
    void aViewerKeySignsInToAnHttpOnlySameSiteSessionAndLandsOnThePageAskedFor() throws Exception {
        signIn(VIEWER_KEY);
        browser.visible("#summary #state", 20);
        assertThat(browser.driver.getCurrentUrl()).contains("/ui/studies/" + studyId);
        Cookie session = browser.driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session).as("the session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat((String) browser.script("return document.cookie"))
                .as("no script reads the session")
                .doesNotContain("JSESSIONID");
        remember();
    }

    @Test
    @Order(3)
    void theStudyPageShowsItsReportTable() throws Exception {
        browser.textIn("#state", "FINISHED", 300);
        WebElement ce = browser.visible("#report tr[data-loss='ce']", 20);
        assertThat(ce.getText()).contains("(reference)").containsPattern("\\d+\\.\\d\\d % ± \\d+\\.\\d\\d");
        WebElement poly1 = browser.visible("#report tr[data-loss='poly1']", 20);
        assertThat(poly1.getText())
                .containsPattern("[+-]\\d+\\.\\d\\d \\[[+-]\\d+\\.\\d\\d, [+-]\\d+\\.\\d\\d\\]")
                .containsPattern("(better|same|worse|inconclusive) / (better|same|worse|inconclusive)");
        assertThat(browser.driver.findElements(By.cssSelector("#report thead th")))
                .extracting(WebElement::getText)
                .containsExactly("Loss", "fashion-mnist/mlp");
        assertThat(browser.driver.findElement(By.id("progress-label")).getText())
                .isEqualTo("4 of 4 trials finished, 0 running");
        browser.screenshot("study");
        remember();
    }

    /**
     * The search starts only now, with the person signed in and watching: its trials take about a second
     * each, so a search started earlier could end before its page is open. One of its trials is held in
     * flight (the trainer paused) while the page shows it.
     */
    @Test
    @Order(4)
    void theListShowsTheSearchAndTheStudyAndTheSearchPageItsTrialsInFlightAndItsEndWithoutAReload() throws Exception {
        searchId = stack.create("/api/v1/searches", SEARCH);
        open("/ui/");
        WebElement search = browser.visible("#searches tr[data-id='" + searchId + "']", 15);
        assertThat(search.getText()).contains("web view").contains("fashion-mnist / mlp");
        WebElement study = browser.visible("#studies tr[data-id='" + studyId + "']", 15);
        assertThat(study.getText()).contains("web view study").contains("poly1").contains("ce");
        browser.screenshot("list");
        remember();

        search.findElement(By.tagName("a")).click();
        browser.textIn("#search-name", "web view", 15);
        JsonNode inFlight = stack.freezeTrainerDuringATrial(Duration.ofSeconds(60));
        try {
            WebElement attempt = inFlightRow(inFlight.path("evaluationId").asLong());
            assertThat(attempt.getText()).contains(stack.trainer.url()).contains("1 of 1");
            assertThat(browser.driver.findElement(By.id("state")).getText()).isEqualTo("RUNNING");
            assertThat(browser.driver.findElement(By.id("in-flight-count")).getText())
                    .isEqualTo("(1)");
            browser.screenshot("search-running");
            remember();
        } finally {
            stack.thawTrainer();
        }
        browser.textIn("#state", "SUCCEEDED", 300);
        assertThat(browser.driver.findElement(By.id("progress-label")).getText())
                .isEqualTo("3 of 3 generations finished");
    }

    @Test
    @Order(5)
    void theSearchPageShowsChartsLeaderboardLineageAndExport() throws Exception {
        open("/ui/searches/" + searchId);
        JsonNode board = stack.json("/api/v1/searches/" + searchId + "/leaderboard?limit=100");
        List<WebElement> rows = browser.atLeast("#leaderboard tbody tr", board.size(), 20);
        assertThat(rows).hasSize(board.size()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rows)
                .allSatisfy(row -> assertThat(row.getText())
                        .containsPattern("\\d+\\.\\d\\d % \\[\\d+\\.\\d\\d % – \\d+\\.\\d\\d %\\]"));
        JsonNode ce = board.valueStream()
                .filter(r -> "ce".equals(r.path("baseline").asString(null)))
                .findFirst()
                .orElseThrow();
        WebElement ceRow = browser.driver.findElement(
                By.cssSelector("#leaderboard tr[data-hash='" + ce.path("hash").asString() + "']"));
        assertThat(ceRow.findElement(By.cssSelector(".katex annotation")).getAttribute("textContent"))
                .as("the formula KaTeX typeset is the API's LaTeX")
                .isEqualTo(ce.path("latex").asString());
        assertThat(ceRow.getText()).contains("baseline ce");

        assertThat(chartPoints("generation-chart", 0))
                .as("best fitness per generation")
                .hasSize(3);
        assertThat(chartPoints("generation-chart", 1))
                .as("median fitness per generation")
                .hasSize(3);
        assertThat(chartPoints("pareto-chart", 0).size()
                        + chartPoints("pareto-chart", 1).size())
                .as("every leaderboard row is a point of the Pareto chart")
                .isEqualTo(board.size());
        assertThat(chartPoints("pareto-chart", 2))
                .as("the front")
                .hasSize(stack.json("/api/v1/searches/" + searchId + "/hall-of-fame")
                        .size())
                .isNotEmpty();

        String best = stack.json("/api/v1/searches/" + searchId)
                .path("best")
                .path("hash")
                .asString();
        browser.visible("#lineage-tree li.ancestor .katex", 20);
        browser.textIn("#export-pytorch", "torch", 20);
        assertThat(browser.driver.findElement(By.id("export-pytorch")).getAttribute("textContent"))
                .isEqualTo(stack.text("/api/v1/losses/" + best + "/export?format=pytorch"));
        assertThat(browser.driver.findElement(By.id("export-latex")).getText())
                .isEqualTo(stack.text("/api/v1/losses/" + best + "/export?format=latex")
                        .strip());
        assertThat(browser.driver.findElements(By.cssSelector("#in-flight tbody tr")))
                .as("each trainer, with no trial of the ended search")
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.getText()).contains("none of this search"));
        browser.screenshot("search");
        remember();
    }

    @Test
    @Order(7)
    void aSessionWriteNeedsTheCsrfTokenAndTheKeysRole() {
        @SuppressWarnings("unchecked")
        Map<String, Object> statuses = (Map<String, Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const json = {'Content-Type': 'application/json'};
                const body = JSON.stringify({expression: 'ce', logits: [[1, 2, 3]], labels: [2]});
                const post = (path, headers, body) => fetch(path, {method: 'POST', headers, body}).then(r => r.status);
                const token = {...json, 'X-XSRF-TOKEN': LF.csrfToken()};
                Promise.all([post('/api/v1/losses/evaluate', json, body), post('/api/v1/losses/evaluate', token, body),
                             post('/api/v1/searches', token, '{}')])
                  .then(([withoutToken, withToken, viewerStartsSearch]) => done({withoutToken, withToken, viewerStartsSearch}));
                """);
        assertThat(statuses)
                .containsEntry("withoutToken", 403L)
                .containsEntry("withToken", 200L)
                .containsEntry("viewerStartsSearch", 403L);
    }

    @Test
    @Order(8)
    void theKeyIsInNoPageNoUrlAndNoLog() throws Exception {
        assertThat(seen)
                .hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(text -> assertThat(text).doesNotContain(VIEWER_KEY).doesNotContain(OPERATOR_KEY));
        assertThat(stack.orchestrator.logLines())
                .isNotEmpty()
                .noneMatch(line -> line.contains(VIEWER_KEY) || line.contains(OPERATOR_KEY));
    }

    @Test
    @Order(9)
    void signingOutEndsTheSession() {
        browser.driver.findElement(By.id("sign-out")).click();
        browser.visible("#sign-in-info", 15);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/sign-in?signed-out");
        open("/ui/");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/sign-in");
        Object status =
                browser.asyncScript("fetch('/api/v1/searches').then(r => arguments[arguments.length - 1](r.status))");
        assertThat(status).isEqualTo(401L);
    }

    /** The page's row of the attempt at {@code evaluation}; what the page and the API showed, if none. */
    private static WebElement inFlightRow(long evaluation) throws Exception {
        try {
            return browser.visible("#in-flight tr.attempt[data-evaluation='" + evaluation + "']", 30);
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("search-running-failed");
            throw new AssertionError(
                    "no row of evaluation " + evaluation + "; the page shows:\n"
                            + browser.driver.findElement(By.tagName("main")).getText() + "\nthe API: "
                            + stack.text("/api/v1/trainers") + "\n"
                            + stack.text("/api/v1/searches/" + searchId + "/candidates"),
                    e);
        }
    }

    private static void open(String path) {
        browser.driver.get(stack.orchestrator.url() + path);
    }

    private static void signIn(String key) {
        WebElement field = browser.visible("#key", 15);
        field.clear();
        field.sendKeys(key);
        browser.driver.findElement(By.id("sign-in-button")).click();
    }

    /** The data of dataset {@code index} of the Chart.js chart on canvas {@code id}. */
    private static List<?> chartPoints(String id, int index) {
        return (List<?>) browser.script(
                "return Chart.getChart(document.getElementById(arguments[0])).data.datasets[arguments[1]].data",
                id,
                index);
    }

    private static void remember() {
        seen.add(browser.driver.getCurrentUrl());
        seen.add(browser.driver.getPageSource());
    }
}
