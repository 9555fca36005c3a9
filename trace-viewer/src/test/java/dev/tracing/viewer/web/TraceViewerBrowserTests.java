package dev.tracing.viewer.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.attribute;
import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the UI in Debian's headless Chromium: search by service, open a two-service
 * trace, check its waterfall and span details, open a trace from a pasted traceresponse or
 * traceparent; the Monitor view, from a point to its traces and from a span back to its chart.
 * Skipped, saying so, only where {@code /usr/bin/chromedriver} is absent, and never under
 * {@code CI=true}, where it fails instead.
 */
@ViewerIntegrationTest
class TraceViewerBrowserTests {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path SCREENSHOTS = Path.of(System.getProperty("viewer.screenshots", "target/screenshots"));

	private static Path profile;

	private static WebDriver driver;

	@Autowired
	private ViewerClient client;

	private final String frontend = OtlpSpans.uniqueService("web-frontend");

	private final String payments = OtlpSpans.uniqueService("web-payments");

	private final String traceId = OtlpSpans.randomTraceId();

	private WebDriverWait wait;

	@BeforeAll
	static void startBrowser() throws IOException {
		String missing = CHROMEDRIVER + " is absent (install Debian's packages chromium and chromium-driver to run it)";
		// In CI the browser must be there: .ci/run installs it, so its absence is a failure, not a skip
		if ("true".equals(System.getenv("CI")) && !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("Browser test cannot run under CI=true: " + missing);
		}
		assumeTrue(Files.isExecutable(CHROMEDRIVER), "Browser test skipped: " + missing);
		profile = Files.createTempDirectory("trace-viewer-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1440,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (driver != null) {
			driver.quit();
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@BeforeEach
	void ingestATwoServiceTrace() {
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
		String root = OtlpSpans.randomSpanId();
		String client = OtlpSpans.randomSpanId();
		String server = OtlpSpans.randomSpanId();
		// Payments' spans first and the root last: the page must still order them by parent
		this.client.export(request(resourceSpans(this.payments, List.of(attribute("host.name", "pay-host-1")),
				span(this.traceId, "SELECT payments").parent(server)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startMillis(20)
					.durationMillis(20)
					.attribute("db.system", "postgresql")
					.build(),
				span(this.traceId, "POST /payments").id(server)
					.parent(client)
					.kind(Span.SpanKind.SPAN_KIND_SERVER)
					.startMillis(12)
					.durationMillis(83)
					.attribute("http.route", "/payments")
					.error("card declined")
					.exception("java.lang.IllegalStateException", "card declined",
							"java.lang.IllegalStateException: card declined\n"
									+ "\tat dev.Payments.charge(Payments.java:42)")
					.build())));
		this.client.export(request(resourceSpans(this.frontend,
				span(this.traceId, "GET /cart").parent(root).startMillis(105).durationMillis(10).build(),
				span(this.traceId, "POST /payments").id(client)
					.parent(root)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startMillis(10)
					.durationMillis(90)
					.build(),
				span(this.traceId, "GET /checkout").id(root)
					.kind(Span.SpanKind.SPAN_KIND_SERVER)
					.durationMillis(120)
					.attribute("http.route", "/checkout")
					.build())));
		// Another trace of another service, which the search must leave out
		this.client.export(request(resourceSpans(OtlpSpans.uniqueService("web-other"),
				span(OtlpSpans.randomTraceId(), "GET /other").build())));
	}

	@Test
	void searchByServiceThenOpenTheTraceAndItsSpans() throws IOException {
		driver.get(url("/"));
		WebElement serviceSelect = this.wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("[data-testid=search-service] option[value='" + this.frontend + "']")));
		new Select(driver.findElement(By.cssSelector("[data-testid=search-service]"))).selectByValue(this.frontend);
		assertThat(serviceSelect.isSelected()).isTrue();
		driver.findElement(By.cssSelector("[data-testid=search-submit]")).click();

		this.wait.until(ExpectedConditions.urlContains("service=" + this.frontend));
		List<WebElement> results = this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("[data-testid=trace-result]"), 1));
		WebElement result = results.get(0);
		assertThat(result.getDomAttribute("data-trace-id")).isEqualTo(this.traceId);
		assertThat(text(result, "result-title")).isEqualTo(this.frontend + ": GET /checkout");
		assertThat(text(result, "result-span-count")).isEqualTo("5 spans");
		assertThat(text(result, "result-errors")).isEqualTo("1 error");
		assertThat(text(result, "result-duration")).isEqualTo("120ms");
		assertThat(result.findElements(By.cssSelector("[data-testid=result-service]"))).extracting(WebElement::getText)
			.containsExactly(this.frontend + " (3)", this.payments + " (2)");
		screenshot("search.png");

		result.click();
		this.wait.until(ExpectedConditions.urlContains("/trace/" + this.traceId));
		assertWaterfall();
		screenshot("trace.png");

		// The error span's details: attributes, the exception's stack trace, the resource
		WebElement errorRow = driver.findElement(By.cssSelector("[data-testid=span-row][data-error=true]"));
		assertThat(errorRow.getDomAttribute("data-service")).isEqualTo(this.payments);
		assertThat(errorRow.findElements(By.cssSelector("[data-testid=span-error]"))).hasSize(1);
		errorRow.click();
		WebElement detail = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("[data-testid=span-detail]")));
		assertThat(detail.findElement(By.cssSelector("[data-testid=span-attributes]")).getText())
			.contains("http.route", "/payments", "otel.status_code", "ERROR");
		assertThat(detail.findElement(By.cssSelector("[data-testid=stacktrace]")).getText())
			.contains("java.lang.IllegalStateException: card declined", "at dev.Payments.charge(Payments.java:42)");
		assertThat(detail.findElement(By.cssSelector("[data-testid=span-resource]")).getText())
			.contains("service.name", this.payments, "host.name", "pay-host-1");
		screenshot("span-detail.png");
	}

	@Test
	void pastingATraceresponseOrTraceparentOpensTheTrace() {
		// A traceresponse header line as copied from curl -v or the browser's network tab: opens at once
		driver.get(url("/"));
		WebElement box = this.wait.until(ExpectedConditions.elementToBeClickable(
				By.cssSelector("[data-testid=trace-id-input]")));
		box.sendKeys("traceresponse: 00-" + this.traceId + "-00f067aa0ba902b7-01");
		this.wait.until(ExpectedConditions.urlContains("/trace/" + this.traceId));
		assertWaterfall();

		// A traceparent value, from the trace page itself, in upper case
		driver.get(url("/trace/" + OtlpSpans.randomTraceId()));
		box = this.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=trace-id-input]")));
		box.sendKeys(("00-" + this.traceId + "-b7ad6b7169203331-00").toUpperCase());
		this.wait.until(ExpectedConditions.urlContains("/trace/" + this.traceId));
		assertWaterfall();

		// A bare trace id opens on Enter; anything else says what it expects and stays
		driver.get(url("/"));
		box = this.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=trace-id-input]")));
		box.sendKeys(this.traceId + "\n");
		this.wait.until(ExpectedConditions.urlContains("/trace/" + this.traceId));
		assertWaterfall();
		box = driver.findElement(By.cssSelector("[data-testid=trace-id-input]"));
		box.sendKeys("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01\n");
		WebElement error = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("[data-testid=trace-id-error]")));
		assertThat(error.getText()).contains("Not a trace ID, traceparent or traceresponse value");
		assertThat(driver.getCurrentUrl()).endsWith("/trace/" + this.traceId);
	}

	@Test
	void traceDeepLinkWorksOnReloadAndSubtreesCollapse() {
		driver.get(url("/trace/" + this.traceId));
		assertWaterfall();
		driver.navigate().refresh();
		assertWaterfall();

		driver.findElement(By.cssSelector("[data-testid=span-row][data-depth='0'] [data-testid=span-toggle]")).click();
		assertThat(visibleRows()).extracting((row) -> row.getDomAttribute("data-operation"))
			.containsExactly("GET /checkout");
		driver.findElement(By.cssSelector("[data-testid=expand-all]")).click();
		assertThat(visibleRows()).hasSize(5);

		driver.get(url("/trace/" + OtlpSpans.randomTraceId()));
		WebElement error = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("[data-testid=error]")));
		assertThat(error.getText()).contains("not found");
	}

	@Test
	void nPlusOneQueriesAreFlaggedInTheResultsAndMarkedInTheWaterfall() throws IOException {
		String orders = OtlpSpans.uniqueService("web-orders");
		String nPlusOne = OtlpSpans.randomTraceId();
		String different = OtlpSpans.randomTraceId();
		String root = OtlpSpans.randomSpanId();
		this.client.export(request(resourceSpans(orders, ordersTrace(nPlusOne, root, true))));
		this.client.export(request(resourceSpans(orders, ordersTrace(different, OtlpSpans.randomSpanId(), false))));

		driver.get(url("/?service=" + orders));
		List<WebElement> results = this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("[data-testid=trace-result]"), 2));
		WebElement flagged = results.stream()
			.filter((result) -> nPlusOne.equals(result.getDomAttribute("data-trace-id")))
			.findFirst()
			.orElseThrow();
		assertThat(text(flagged, "result-n-plus-one")).isEqualTo("N+1 ×6");
		assertThat(flagged.findElement(By.cssSelector("[data-testid=result-n-plus-one]")).getDomAttribute("title"))
			.contains("SELECT * FROM orders WHERE user_id = ?", "6 times");
		WebElement clean = results.stream().filter((result) -> result != flagged).findFirst().orElseThrow();
		assertThat(clean.findElements(By.cssSelector("[data-testid=result-n-plus-one]"))).isEmpty();
		screenshot("n-plus-one-search.png");

		// "N+1 queries only" searches the n_plus_one tag
		driver.findElement(By.cssSelector("[data-testid=search-n-plus-one]")).click();
		driver.findElement(By.cssSelector("[data-testid=search-submit]")).click();
		this.wait.until(ExpectedConditions.urlContains("nPlusOne=true"));
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=trace-result]"), 1));
		assertThat(driver.findElement(By.cssSelector("[data-testid=trace-result]")).getDomAttribute("data-trace-id"))
			.isEqualTo(nPlusOne);

		driver.get(url("/trace/" + nPlusOne));
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=span-row]"), 8));
		List<WebElement> marked = driver.findElements(By.cssSelector("[data-testid=span-row][data-n-plus-one]"));
		assertThat(marked).hasSize(6).allSatisfy((row) -> {
			assertThat(row.getDomAttribute("data-n-plus-one")).isEqualTo("6");
			assertThat(row.getDomAttribute("data-parent-id")).isEqualTo(root);
			assertThat(text(row, "span-n-plus-one")).isEqualTo("N+1 ×6");
		});
		WebElement parent = driver.findElement(By.cssSelector("[data-testid=span-row][data-span-id='" + root + "']"));
		assertThat(text(parent, "span-n-plus-one-parent")).isEqualTo("runs N+1 ×6");
		assertThat(driver.findElement(By.cssSelector("[data-testid=trace-n-plus-one]")).getText())
			.isEqualTo("6 × SELECT * FROM orders WHERE user_id = ?");
		// The other statement of the same parent is not marked
		assertThat(driver.findElements(By.cssSelector("[data-testid=span-row][data-operation='SELECT users']")))
			.singleElement()
			.satisfies((row) -> assertThat(row.findElements(By.cssSelector("[data-testid=span-n-plus-one]"))).isEmpty());
		screenshot("n-plus-one-trace.png");
	}

	@Test
	void monitorShowsTheSpikeAPointOpensItsTracesAndASpanLinksBackToItsChart() throws IOException {
		String users = OtlpSpans.uniqueService("web-users");
		String operation = "GET /users/{id}";
		// Ten requests started at the same moment, five seconds ago: one slow, one failed
		long start = (System.currentTimeMillis() - 5_000) * 1_000_000;
		List<Span> spans = new java.util.ArrayList<>();
		String slowTrace = null;
		String slowSpan = null;
		for (int i = 0; i < 10; i++) {
			String traceId = OtlpSpans.randomTraceId();
			String spanId = OtlpSpans.randomSpanId();
			OtlpSpans.SpanBuilder server = span(traceId, operation).id(spanId)
				.kind(Span.SpanKind.SPAN_KIND_SERVER)
				.startNanos(start)
				.durationMillis((i == 3) ? 2_900 : 40 + i);
			if (i == 7) {
				server.error("boom");
			}
			if (i == 3) {
				slowTrace = traceId;
				slowSpan = spanId;
				spans.add(span(traceId, "SELECT account_events").parent(spanId)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startNanos(start + 1_000_000)
					.durationMillis(2_880)
					.build());
			}
			spans.add(server.build());
		}
		this.client.export(request(resourceSpans(users, spans.toArray(Span[]::new))));

		// The operations of the service's server spans, over the last five minutes
		driver.get(url("/monitor?service=" + users + "&lookback=300000"));
		WebElement row = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("[data-testid=monitor-operation]")));
		assertThat(driver.findElements(By.cssSelector("[data-testid=monitor-operation]"))).hasSize(1);
		assertThat(row.getDomAttribute("data-operation")).isEqualTo(operation);
		assertThat(text(row, "monitor-operation-errors")).isEqualTo("10%");
		assertThat(text(row, "monitor-operation-p99")).isEqualTo("2.9s");
		assertThat(text(row, "monitor-operation-p50")).endsWith("ms");

		// The operation's charts: the p99 spikes in one bucket
		row.findElement(By.cssSelector("[data-testid=monitor-operation-link]")).click();
		this.wait.until(ExpectedConditions.urlContains("operation="));
		this.wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=monitor-title]"),
				users + ": " + operation));
		List<WebElement> p99 = this.wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(
				By.cssSelector("[data-testid=chart-point][data-series=p99]")));
		List<WebElement> spikes = p99.stream()
			.filter((point) -> Double.parseDouble(point.getDomAttribute("data-value")) > 2_000)
			.toList();
		assertThat(spikes).singleElement()
			.satisfies((point) -> assertThat(Double.parseDouble(point.getDomAttribute("data-value")))
				.isEqualTo(2_900.0));
		List<WebElement> rates = driver.findElements(By.cssSelector("[data-testid=chart-point][data-chart=rate]"));
		assertThat(rates).hasSize(30);
		assertThat(rates.stream().mapToDouble((point) -> Double.parseDouble(point.getDomAttribute("data-value"))).sum())
			.isEqualTo(1.0);
		screenshot("monitor.png");

		// The spike's point opens the traces of its bucket
		((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
				"arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}))",
				spikes.get(0));
		this.wait.until(ExpectedConditions.urlContains("start="));
		List<WebElement> results = this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("[data-testid=trace-result]"), 10));
		assertThat(driver.findElement(By.cssSelector("[data-testid=search-time-range]")).getText())
			.startsWith("Spans started");
		new Select(driver.findElement(By.cssSelector("[data-testid=results-sort]"))).selectByValue("longest");
		WebElement slowest = driver.findElements(By.cssSelector("[data-testid=trace-result]")).get(0);
		assertThat(slowest.getDomAttribute("data-trace-id")).isEqualTo(slowTrace);
		assertThat(results).hasSize(10);
		screenshot("monitor-bucket-traces.png");

		// From the slow span's details back to its operation's chart, its time marked
		slowest.click();
		this.wait.until(ExpectedConditions.urlContains("/trace/" + slowTrace));
		this.wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("[data-testid=span-row][data-span-id='" + slowSpan + "']")))
			.click();
		WebElement link = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("[data-testid=span-monitor-link]")));
		link.click();
		this.wait.until(ExpectedConditions.urlContains("/monitor?"));
		List<WebElement> markers = this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("[data-testid=chart-marker]"), 3));
		assertThat(markers).allSatisfy((marker) -> assertThat(marker.getDomAttribute("data-ts"))
			.isEqualTo(String.valueOf(start / 1_000_000)));
		assertThat(driver.findElement(By.cssSelector("[data-testid=monitor-title]")).getText())
			.isEqualTo(users + ": " + operation);
		assertThat(driver.findElement(By.cssSelector("[data-testid=monitor-operation].selected"))
			.getDomAttribute("data-operation")).isEqualTo(operation);
		screenshot("monitor-marked.png");
	}

	// A request span with six database spans under it, running the same statement or six different ones
	private static Span[] ordersTrace(String traceId, String root, boolean repeated) {
		List<Span> spans = new java.util.ArrayList<>();
		spans.add(span(traceId, "GET /users/{id}/orders").id(root)
			.kind(Span.SpanKind.SPAN_KIND_SERVER)
			.durationMillis(60)
			.build());
		spans.add(span(traceId, "SELECT users").parent(root)
			.kind(Span.SpanKind.SPAN_KIND_CLIENT)
			.startMillis(1)
			.durationMillis(3)
			.attribute("db.system.name", "postgresql")
			.attribute("db.query.text", "SELECT * FROM users WHERE id = ?")
			.build());
		for (int i = 0; i < 6; i++) {
			spans.add(span(traceId, "SELECT orders").parent(root)
				.kind(Span.SpanKind.SPAN_KIND_CLIENT)
				.startMillis(5 + i * 8)
				.durationMillis(6)
				.attribute("db.system.name", "postgresql")
				.attribute("db.query.text",
						repeated ? "SELECT * FROM orders WHERE user_id = ?" : "SELECT * FROM orders_" + i + " WHERE id = ?")
				.build());
		}
		return spans.toArray(Span[]::new);
	}

	private void assertWaterfall() {
		List<WebElement> rows = this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("[data-testid=span-row]"), 5));
		assertThat(driver.findElement(By.cssSelector("[data-testid=trace-title]")).getText())
			.isEqualTo(this.frontend + ": GET /checkout");
		// Depth-first, children under their parent by start time, whatever the order of arrival
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-operation"))
			.containsExactly("GET /checkout", "POST /payments", "POST /payments", "SELECT payments", "GET /cart");
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-service"))
			.containsExactly(this.frontend, this.frontend, this.payments, this.payments, this.frontend);
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-depth"))
			.containsExactly("0", "1", "2", "3", "1");
		List<String> ids = rows.stream().map((row) -> row.getDomAttribute("data-span-id")).toList();
		for (int i = 1; i < rows.size(); i++) {
			int parent = ids.indexOf(rows.get(i).getDomAttribute("data-parent-id"));
			assertThat(parent).as("parent of row %d is above it", i).isBetween(0, i - 1);
			assertThat(Integer.parseInt(rows.get(i).getDomAttribute("data-depth")))
				.isEqualTo(Integer.parseInt(rows.get(parent).getDomAttribute("data-depth")) + 1);
		}
		// Bars share one time axis: the 120ms root spans it all, the 83ms payment starts at 10%
		assertThat(barStyle(rows.get(0))).contains("left:0%", "width:100%");
		assertThat(barStyle(rows.get(2))).contains("left:10%");
		assertThat(rows.get(2).findElement(By.cssSelector("[data-testid=span-duration]")).getText())
			.isEqualTo("83ms");
		// Each service has its own colour
		assertThat(barColor(rows.get(0))).isEqualTo(barColor(rows.get(1))).isNotEqualTo(barColor(rows.get(2)));
		assertThat(driver.findElements(By.cssSelector("[data-testid=legend-service]"))).extracting(WebElement::getText)
			.containsExactly(this.frontend + " (3)", this.payments + " (2)");
	}

	private static List<WebElement> visibleRows() {
		return driver.findElements(By.cssSelector("[data-testid=span-row]"))
			.stream()
			.filter(WebElement::isDisplayed)
			.toList();
	}

	private static String barStyle(WebElement row) {
		return row.findElement(By.cssSelector("[data-testid=span-bar]")).getDomAttribute("style").replace(" ", "");
	}

	private static String barColor(WebElement row) {
		return row.findElement(By.cssSelector("[data-testid=span-bar]")).getCssValue("background-color");
	}

	private static String text(WebElement element, String testId) {
		return element.findElement(By.cssSelector("[data-testid=" + testId + "]")).getText();
	}

	private String url(String path) {
		return this.client.uiUri(path).toString();
	}

	private static void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}

}
