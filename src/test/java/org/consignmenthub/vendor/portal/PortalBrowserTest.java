package org.consignmenthub.vendor.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A vendor's account manager in a real browser (Debian's headless Chromium): signs in,
 * updates stock and sees it, uploads a bad file and reads why it was refused, follows a
 * title transfer to its shipment, finds its invoice, and counts, opens the case the count
 * raised and disputes it. Each page is kept as a screenshot in target/screenshots.
 */
class PortalBrowserTest extends HubIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    private int port;
    @Autowired
    private HubClock clock;
    @Autowired
    private SelfBilling billing;
    @Autowired
    private CamelContext camel;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void browser() throws Exception {
        camel.getRouteController().stopRoute("reconciliation-periodic-run");
        clock.driveTo(Instant.parse("2026-12-04T12:00:00Z"));
        PortalFixture.stockAndSales(books);
        billing.closeAllOpenPeriods();

        profile = Files.createTempDirectory("portal-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        clock.followSystemClock();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile)
                    .forEach(File::delete);
        }
    }

    @Test
    void aVendorUpdatesStockReadsARefusalAndAnswersACase() throws Exception {
        signIn();
        assertThat(browser.getCurrentUrl()).endsWith("/portal/");
        assertThat(cell("stock-table", 1, 4)).isEqualTo("38");
        screenshot("portal-1-stock");

        open("/portal/stock-update");
        new Select(browser.findElement(By.id("kind"))).selectByValue("SNAPSHOT");
        type("sku", "A");
        type("location", "L1");
        type("quantity", "35");
        type("reference", "shelf check");
        browser.findElement(By.id("submit-report")).click();
        waitForText(By.id("report-result"), "done, 1 applied, 0 refused");
        screenshot("portal-2-stock-update");
        open("/portal/");
        assertThat(cell("stock-table", 1, 4)).isEqualTo("35");

        open("/portal/stock-update");
        Path bad = Files.createTempFile(profile, "levels", ".csv");
        Files.writeString(bad, "sku,location,qty_available\nA,L1,many\n");
        browser.findElement(By.id("stock-file")).sendKeys(bad.toString());
        browser.findElement(By.id("upload-file")).click();
        waitForText(By.id("upload-result"), "0 applied, 1 refused");
        assertThat(browser.findElement(By.id("upload-result")).getText())
                .contains("INVALID_FIELD (quantity)").contains("many");
        screenshot("portal-3-bad-file");

        open("/portal/transfers");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.drill")))
                .click();
        waitForText(By.id("transfer-details"), "WEB-100-S1");
        assertThat(browser.findElement(By.id("transfer-details")).getText())
                .doesNotContain("CUST-ALICE");
        screenshot("portal-4-transfer");

        open("/portal/documents");
        waitForText(By.id("documents-table"), "SBI-US-RETAIL-V1-000001");
        assertThat(cell("balance-table", 1, 4)).isEqualTo("25.00 USD");
        screenshot("portal-5-documents");

        open("/portal/counts");
        type("count-reference", "SHELF-7");
        WebElement sheet = browser.findElement(By.id("count-sheet"));
        sheet.clear();
        sheet.sendKeys("location,sku,counted_qty,counted_at\nL1,A,30,2026-12-03T18:00:00Z\n");
        browser.findElement(By.id("submit-count")).click();
        waitForText(By.id("count-result"), "1 cases opened");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.open-case")))
                .click();
        waitForText(By.id("case-clock"), "variance -8");
        assertThat(browser.findElement(By.id("case-clock")).getText()).contains("2 d 0 h");
        screenshot("portal-6-case");
        type("case-reason", "eight mugs are in the back room");
        browser.findElement(By.id("dispute-case")).click();
        waitForText(By.id("case-answered"), "is now DISPUTED");
        screenshot("portal-7-case-disputed");
        assertThat(books.jdbc().queryForObject("select dispute_reason from discrepancy_case",
                String.class)).isEqualTo("eight mugs are in the back room");
    }

    private void signIn() {
        open("/login");
        type("username", TestCredentials.V1_PORTAL_USER);
        type("password", TestCredentials.secretOf(TestCredentials.V1_PORTAL_USER));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stock-table")));
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(
                By.id("content"), "Loading...")));
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void waitForText(By where, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(where, text));
    }

    /** The text of a table cell, rows and columns counted from 1 below the header. */
    private String cell(String table, int row, int column) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#" + table + " tbody tr:nth-child(" + row + ") td:nth-child(" + column
                        + ")"))).getText();
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
