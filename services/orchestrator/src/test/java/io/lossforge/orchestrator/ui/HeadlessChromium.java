package io.lossforge.orchestrator.ui;

import io.lossforge.loss.testing.RequiredTools;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The installed Chromium, driven headless through the installed chromedriver. Both binaries are named, and
 * SE_OFFLINE is set (the failsafe configuration sets it too), so Selenium Manager never looks for or
 * downloads a browser or a driver. Missing binaries skip the test, unless LOSSFORGE_REQUIRE_TOOLS names
 * {@code chromium} ({@link RequiredTools}).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;

    private HeadlessChromium(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips (or fails, when required) without both binaries; call before starting anything costly. */
    static void assumeInstalled() {
        RequiredTools.assumeOrFail(
                "chromium",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                CHROMIUM + " or " + CHROMEDRIVER + " is missing (Debian's chromium and chromium-driver)");
    }

    static HeadlessChromium start() {
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,2200", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    /** Waits up to {@code seconds} for a visible element. */
    WebElement visible(String css, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits up to {@code seconds} for an element's text to contain {@code text}. */
    void textIn(String css, String text, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Waits up to {@code seconds} for at least {@code count} elements. */
    java.util.List<WebElement> atLeast(String css, int count, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(css), count - 1));
    }

    Object script(String javascript, Object... arguments) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    Object asyncScript(String javascript, Object... arguments) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(javascript, arguments);
    }

    /** Saves what the page shows as {@code target/screenshots/<name>.png}. */
    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        // The whole page, not the first screenful: the window grows to the document's height first.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1300, 900));
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1300, (int) Math.min(height + 40, 5000)));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
