package dev.tracing.viewer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.tracing.viewer.store.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures OTLP/HTTP protobuf ingestion (spans per second) and the time Chromium takes
 * to show a 5,000-span trace. Not a test: excluded from the build, run on request with
 * {@code ./mvnw -B -pl trace-viewer test -Dsurefire.excludedGroups=none -Dgroups=benchmark
 * -Dtest=TraceViewerBenchmark}.
 * Results go to standard output and {@code target/benchmark.txt}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "viewer.otlp.http-port=0", "viewer.otlp.grpc-port=0", "logging.level.root=WARN" })
@Import(ViewerClientConfiguration.class)
class TraceViewerBenchmark {

	private static final int SPANS_PER_TRACE = 10;

	private static final int TRACES_PER_BATCH = 100;

	private static final int WARMUP_BATCHES = 100;

	private static final int MEASURED_BATCHES = 500;

	private static final int BIG_TRACE_SPANS = 5_000;

	private static final String[] SERVICES = { "gateway", "users", "payments", "orders", "inventory" };

	private final List<String> results = new ArrayList<>();

	@Autowired
	private ViewerClient client;

	@Autowired
	private TraceStore store;

	@Test
	@Timeout(600)
	void benchmark() throws Exception {
		ViewerClient client = this.client;
		Random random = new Random(42);
		List<byte[]> batches = new ArrayList<>();
		for (int i = 0; i < WARMUP_BATCHES + 2 * MEASURED_BATCHES; i++) {
			batches.add(batch(random).toByteArray());
		}
		report("batch: %d traces x %d spans, %d KB protobuf", TRACES_PER_BATCH, SPANS_PER_TRACE,
				batches.get(0).length / 1024);
		send(client, batches.subList(0, WARMUP_BATCHES), 1);
		int secondRun = WARMUP_BATCHES + MEASURED_BATCHES;
		measureIngestion(client, batches.subList(WARMUP_BATCHES, secondRun), 1);
		measureIngestion(client, batches.subList(secondRun, batches.size()), 4);
		report("store after ingestion: %s", this.store.statistics());

		String bigTrace = OtlpSpans.randomTraceId();
		client.export(bigTrace(bigTrace, random));
		measureRendering(bigTrace);
		Path output = Path.of("target/benchmark.txt");
		Files.write(output, this.results);
		System.out.println("Benchmark results written to " + output.toAbsolutePath());
	}

	private void measureIngestion(ViewerClient client, List<byte[]> batches, int threads) throws Exception {
		long start = System.nanoTime();
		send(client, batches, threads);
		double seconds = (System.nanoTime() - start) / 1e9;
		long spans = (long) batches.size() * TRACES_PER_BATCH * SPANS_PER_TRACE;
		report("OTLP/HTTP protobuf, %d client thread(s): %,d spans in %.2f s = %,.0f spans/s", threads, spans,
				seconds, spans / seconds);
	}

	private static void send(ViewerClient client, List<byte[]> batches, int threads) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int offset = t;
				futures.add(executor.submit(() -> {
					for (int i = offset; i < batches.size(); i += threads) {
						HttpResponse<byte[]> response = client.post(ViewerClient.PROTOBUF, batches.get(i));
						assertThat(response.statusCode()).isEqualTo(200);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private void measureRendering(String traceId) throws IOException {
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		assumeTrue(Files.isExecutable(chromedriver), "Rendering benchmark skipped: " + chromedriver + " is absent");
		Path profile = Files.createTempDirectory("trace-viewer-benchmark-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1440,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		WebDriver driver = new ChromeDriver(service, options);
		try {
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
			List<Double> loads = new ArrayList<>();
			List<Double> builds = new ArrayList<>();
			List<Double> clicks = new ArrayList<>();
			List<Double> fetchStarts = new ArrayList<>();
			List<Double> fetches = new ArrayList<>();
			long size = 0;
			for (int run = 0; run < 5; run++) {
				driver.get(this.client.uiUri("/trace/" + traceId).toString());
				// performance.now() counts from navigation start: fetch, parse, build, first frame
				@SuppressWarnings("unchecked")
				Map<String, Object> timing = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
						const done = arguments[arguments.length - 1];
						const expected = arguments[0];
						(function check() {
							if (document.querySelectorAll('[data-testid=span-row]').length === expected) {
								const api = performance.getEntriesByType('resource')
									.find((entry) => entry.name.includes('/api/traces/'));
								requestAnimationFrame(() => setTimeout(() => done({
									loaded: performance.now(),
									fetchStart: api.startTime,
									fetch: api.responseEnd - api.startTime,
									size: api.transferSize,
									build: Number(document.body.dataset.renderMs) }), 0));
							}
							else {
								setTimeout(check, 5);
							}
						})();
						""", BIG_TRACE_SPANS);
				loads.add(((Number) timing.get("loaded")).doubleValue());
				builds.add(((Number) timing.get("build")).doubleValue());
				fetchStarts.add(((Number) timing.get("fetchStart")).doubleValue());
				fetches.add(((Number) timing.get("fetch")).doubleValue());
				size = ((Number) timing.get("size")).longValue();
				// Opening a span's details in the big trace must stay instant too
				Number click = (Number) ((JavascriptExecutor) driver).executeScript("""
						const start = performance.now();
						document.querySelectorAll('[data-testid=span-row]')[2500].click();
						document.querySelector('[data-testid=span-detail]').getBoundingClientRect();
						return performance.now() - start;
						""");
				clicks.add(click.doubleValue());
			}
			Files.write(Path.of("target/benchmark-trace.png"),
					((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			report("%,d-span trace in Chromium, navigation to rendered rows (median of 5): %.0f ms", BIG_TRACE_SPANS,
					median(loads));
			report("  page and script loaded, trace requested after (median): %.0f ms", median(fetchStarts));
			report("  fetching the trace from /api/traces/{id}, %,d KB of JSON (median): %.0f ms", size / 1024,
					median(fetches));
			report("  building the waterfall DOM (median): %.0f ms", median(builds));
			report("  opening one span's details (median): %.1f ms", median(clicks));
		}
		finally {
			driver.quit();
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static ExportTraceServiceRequest batch(Random random) {
		List<ResourceSpans> resourceSpans = new ArrayList<>();
		for (int t = 0; t < TRACES_PER_BATCH; t++) {
			String traceId = OtlpSpans.randomTraceId();
			String rootId = OtlpSpans.randomSpanId();
			List<Span> spans = new ArrayList<>();
			spans.add(span(traceId, "GET /api/orders/{id}").id(rootId)
				.kind(Span.SpanKind.SPAN_KIND_SERVER)
				.durationMillis(50)
				.attribute("http.request.method", "GET")
				.attribute("http.route", "/api/orders/{id}")
				.attribute("http.response.status_code", 200)
				.attribute("url.path", "/api/orders/" + random.nextInt(100_000))
				.build());
			for (int s = 1; s < SPANS_PER_TRACE; s++) {
				spans.add(span(traceId, "SELECT orders").parent(rootId)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startMillis(s * 4)
					.durationMillis(3)
					.attribute("db.system", "postgresql")
					.attribute("db.statement", "select * from orders where id = ?")
					.attribute("server.address", "db.local")
					.build());
			}
			resourceSpans.add(resourceSpans(SERVICES[t % SERVICES.length], spans.toArray(Span[]::new)));
		}
		return request(resourceSpans.toArray(ResourceSpans[]::new));
	}

	/** A random tree: each span's parent is an earlier span, and it runs within it. */
	private static ExportTraceServiceRequest bigTrace(String traceId, Random random) {
		String[] ids = new String[BIG_TRACE_SPANS];
		double[] starts = new double[BIG_TRACE_SPANS];
		double[] durations = new double[BIG_TRACE_SPANS];
		List<List<Span>> perService = new ArrayList<>();
		Arrays.stream(SERVICES).forEach((service) -> perService.add(new ArrayList<>()));
		for (int i = 0; i < BIG_TRACE_SPANS; i++) {
			ids[i] = OtlpSpans.randomSpanId();
			OtlpSpans.SpanBuilder builder = span(traceId, "operation-" + (i % 40)).id(ids[i]);
			if (i == 0) {
				starts[i] = 0;
				durations[i] = 2_000;
			}
			else {
				int parent = (i < 2) ? 0 : random.nextInt(i / 2, i);
				starts[i] = starts[parent] + random.nextDouble() * durations[parent] * 0.5;
				durations[i] = random.nextDouble() * (durations[parent] - (starts[i] - starts[parent]));
				builder.parent(ids[parent]);
			}
			builder.startMillis(starts[i]).durationMillis(durations[i]).attribute("index", i);
			if (i % 500 == 7) {
				builder.error("failed").exception("java.lang.RuntimeException", "failed", "java.lang.RuntimeException");
			}
			perService.get(i % SERVICES.length).add(builder.build());
		}
		List<ResourceSpans> resourceSpans = new ArrayList<>();
		for (int s = 0; s < SERVICES.length; s++) {
			resourceSpans.add(resourceSpans(SERVICES[s], perService.get(s).toArray(Span[]::new)));
		}
		return request(resourceSpans.toArray(ResourceSpans[]::new));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private void report(String format, Object... arguments) {
		String line = String.format(format, arguments);
		this.results.add(line);
		System.out.println("[benchmark] " + line);
	}

}
