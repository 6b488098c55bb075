package org.consignmenthub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A member of staff at the hub's web pages in a real headless Chromium: Debian's
 * {@code chromium} and {@code chromium-driver}, never a downloaded browser. Each session has
 * a fresh profile folder. Screenshots go to {@code target/screenshots/}.
 */
public final class BrowserSession implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String base;
    private final Path profile;
    private final ChromeDriver driver;

    private BrowserSession(int port) throws IOException {
        this.base = "http://127.0.0.1:" + port;
        this.profile = Files.createTempDirectory("hub-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /**
     * A browser on the hub at {@code port}. Without Chromium the test fails saying so: a
     * browser test that cannot run must not pass.
     */
    public static BrowserSession open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("This test drives a real Chromium and cannot run here: "
                    + CHROMIUM + " or " + CHROMEDRIVER + " is missing. Install the Debian "
                    + "packages chromium and chromium-driver (.ci/run does).");
        }
        try {
            return new BrowserSession(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Signs in through the form at {@code /login} as the operations staff user
     * {@link TestCredentials#OPERATOR}, the session cookie then carrying the page's calls,
     * and lands on the dashboard.
     */
    public BrowserSession loginAsStaff() {
        driver.get(base + "/login");
        find("#username").sendKeys(TestCredentials.OPERATOR);
        find("#password").sendKeys(TestCredentials.secretOf(TestCredentials.OPERATOR));
        find("form button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(
                page -> page.getCurrentUrl().endsWith("/ops/"));
        return this;
    }

    public WebDriver driver() {
        return driver;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Text of the first element matching {@code css}, or null if there is none yet. Read in
     * the page in one step, since live updates replace elements at any moment.
     */
    public String textOf(String css) {
        return (String) driver.executeScript("var found = document.querySelector(arguments[0]);"
                + " return found ? found.textContent.trim() : null;", css);
    }

    public Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    /** Saves what the page shows now as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile()
                    .delete());
        } catch (IOException e) {
            // A profile folder left in the temporary folder harms nothing.
        }
    }
}
