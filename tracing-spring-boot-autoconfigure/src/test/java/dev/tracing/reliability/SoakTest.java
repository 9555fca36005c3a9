package dev.tracing.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracing.export.ExportStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A bounded soak, not part of the build: the application of {@link ConcurrentRequestsIntegrationTests} under
 * continuous load, exporting with default settings to a running trace-viewer. Run it with {@code scripts/soak.sh}.
 */
@Tag("soak")
class SoakTest {

	@Test
	void shouldDropNothingAndKeepAStableHeap() throws Exception {
		String endpoint = System.getProperty("soak.otlp.endpoint");
		assumeTrue(endpoint != null, "Set -Dsoak.otlp.endpoint (scripts/soak.sh starts a trace-viewer)");
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT60S"));
		int clients = Integer.getInteger("soak.clients", 8);
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(
				ConcurrentRequestsIntegrationTests.App.class)
			.properties("server.port=0", "spring.application.name=soak", "tracing.export.otlp.endpoint=" + endpoint,
					"logging.level.root=WARN")
			.run()) {
			int port = ((WebServerApplicationContext) application).getWebServer().getPort();
			ExportStatistics statistics = application.getBean(ExportStatistics.class);
			assertThat(application.getBean(io.opentelemetry.sdk.trace.export.SpanExporter.class))
				.as("exporting to the trace-viewer")
				.isInstanceOf(io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.class);
			HttpClient http = HttpClient.newHttpClient();
			AtomicLong requests = new AtomicLong();
			long deadline = System.nanoTime() + duration.toNanos();
			long heapAtStart = 0;
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				Thread client = new Thread(() -> {
					while (System.nanoTime() < deadline) {
						long n = requests.incrementAndGet();
						try {
							http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/" + n))
								.build(), HttpResponse.BodyHandlers.discarding());
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
					}
				});
				threads.add(client);
				client.start();
			}
			Thread.sleep(Math.min(10_000, duration.toMillis() / 4));
			heapAtStart = usedHeapAfterGc();
			for (Thread thread : threads) {
				thread.join();
			}
			long sent = requests.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> statistics.queued() == 0);
			long heapAtEnd = usedHeapAfterGc();
			String summary = String.format(
					"SOAK duration=%ds clients=%d requests=%d rate=%.0f req/s spans=%d exported=%d dropped=%d "
							+ "failedExports=%d heapAfterWarmup=%dMB heapAtEnd=%dMB",
					duration.toSeconds(), clients, sent, sent / (double) duration.toSeconds(), sent * 3,
					statistics.exported(), statistics.dropped(), statistics.failedExports(), heapAtStart >> 20,
					heapAtEnd >> 20);
			System.out.println(summary);
			Files.writeString(Path.of("target", "soak-result.txt"), summary + System.lineSeparator());
			assertThat(statistics.dropped()).isZero();
			assertThat(statistics.exported()).isEqualTo(sent * 3);
			assertThat(heapAtEnd - heapAtStart).isLessThan(64L << 20);
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
