package dev.tracing.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tracing.export.ExportStatistics;
import dev.tracing.testsupport.SwitchableCollector;
import dev.tracing.testsupport.SwitchableCollector.Mode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real application exports to a real collector that misbehaves on purpose. Whatever the collector does, the
 * traced endpoint keeps its latency, no request waits for an export, the queue bounds memory, lost spans are
 * counted and visible in health and metrics, and export resumes when the collector recovers, without a restart.
 */
class CollectorFaultsIntegrationTests {

	private static final int REQUESTS = 150;

	private static final int QUEUE = 64;

	private static SwitchableCollector collector;

	private static ConfigurableApplicationContext application;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() throws Exception {
		collector = new SwitchableCollector();
		collector.switchTo(Mode.HEALTHY);
		application = new SpringApplicationBuilder(App.class)
			.properties("server.port=0", "spring.application.name=fault-test",
					"tracing.export.otlp.endpoint=" + collector.endpoint(), "tracing.export.otlp.timeout=1s",
					"tracing.export.batch.max-queue-size=" + QUEUE, "tracing.export.batch.max-batch-size=16",
					"tracing.export.batch.schedule-delay=50ms", "tracing.export.batch.export-timeout=2s",
					"management.endpoints.web.exposure.include=health,info",
					"management.endpoint.health.show-details=always", "management.info.tracing.enabled=true")
			.run();
	}

	@AfterAll
	static void stop() throws Exception {
		application.close();
		collector.close();
	}

	@ParameterizedTest
	@EnumSource(value = Mode.class, names = { "REFUSING", "BLACK_HOLE", "SLOW", "UNAVAILABLE_503",
			"TOO_MANY_REQUESTS_429" })
	void shouldKeepServingAndRecover(Mode fault) throws Exception {
		ExportStatistics statistics = application.getBean(ExportStatistics.class);
		collector.switchTo(Mode.HEALTHY);
		List<Long> healthy = requestLoop("healthy-" + fault);
		await().atMost(Duration.ofSeconds(10)).until(() -> collector.receivedSpanNames().contains("GET /orders/{id}"));
		int threadsBefore = Thread.activeCount();
		long droppedBefore = statistics.dropped();

		collector.switchTo(fault);
		long[] maxQueued = { 0 };
		List<Long> faulty = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			faulty.addAll(requestLoop(fault.name()));
			maxQueued[0] = Math.max(maxQueued[0], statistics.queued());
		}
		assertThat(max(faulty)).as("no request waited for an export").isLessThan(1000L);
		assertThat(median(faulty)).as("median latency with %s vs healthy", fault)
			.isLessThanOrEqualTo(median(healthy) + 50);
		assertThat(maxQueued[0]).as("spans held in memory").isLessThanOrEqualTo(QUEUE);
		await().atMost(Duration.ofSeconds(20)).until(() -> statistics.dropped() > droppedBefore);
		if (fault != Mode.SLOW) {
			await().atMost(Duration.ofSeconds(20)).until(statistics::isFailing);
			assertThat(statistics.lastError()).isNotBlank();
			String health = get("/actuator/health/tracing");
			assertThat(health).contains("\"status\":\"UP\"").contains("\"state\":\"failing\"").contains("lastError");
		}
		MeterRegistry meters = application.getBean(MeterRegistry.class);
		assertThat(meters.find("tracing.spans.dropped").functionCounters().stream().mapToDouble((c) -> c.count()).sum())
			.isGreaterThan(0);

		collector.switchTo(Mode.HEALTHY);
		String marker = "recovered-" + fault;
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			get("/orders/" + marker);
			return collector.received()
				.stream()
				.flatMap((request) -> request.getResourceSpansList().stream())
				.flatMap((resource) -> resource.getScopeSpansList().stream())
				.flatMap((scope) -> scope.getSpansList().stream())
				.anyMatch((span) -> span.getAttributesList()
					.stream()
					.anyMatch((kv) -> kv.getValue().getStringValue().equals("/orders/" + marker)));
		});
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			get("/orders/" + marker);
			return !statistics.isFailing();
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/info")).contains("\"tracing\"").contains("\"state\":\"ok\""));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Thread.activeCount()).as("threads after %s", fault)
				.isLessThanOrEqualTo(threadsBefore + 8));
		assertThat(collector.openHeldConnections()).isZero();
	}

	private static List<Long> requestLoop(String label) throws Exception {
		List<Long> latencies = new ArrayList<>(REQUESTS);
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			assertThat(get("/orders/" + label + "-" + i)).startsWith("order");
			latencies.add((System.nanoTime() - start) / 1_000_000);
		}
		return latencies;
	}

	private static String get(String path) throws Exception {
		int port = ((WebServerApplicationContext) application).getWebServer().getPort();
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static long max(List<Long> values) {
		return Collections.max(values);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@RestController
		static class Orders {

			@GetMapping("/orders/{id}")
			String order(@PathVariable String id) {
				return "order " + id;
			}

		}

	}

}
