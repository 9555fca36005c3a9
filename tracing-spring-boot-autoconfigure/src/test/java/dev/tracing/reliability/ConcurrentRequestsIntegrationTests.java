package dev.tracing.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 concurrent requests, each calling a downstream endpoint (payment → user, in one application): every exported
 * trace is a consistent tree of its own three spans, and no context leaks from one request into another.
 */
@SpringBootTest(classes = { ConcurrentRequestsIntegrationTests.App.class,
		ConcurrentRequestsIntegrationTests.InMemoryExport.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.export.batch.schedule-delay=20ms", "tracing.export.batch.max-queue-size=4096",
				"server.tomcat.threads.max=400" })
class ConcurrentRequestsIntegrationTests {

	private static final int REQUESTS = 200;

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Test
	void shouldExportAConsistentTreePerRequest() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/payments/" + i))
				.timeout(Duration.ofSeconds(60))
				.build();
			responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(responses.get(i).join().body()).isEqualTo("paid for user " + i);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.exporter.getFinishedSpanItems().size() >= REQUESTS * 3);
		Map<String, List<SpanData>> traces = this.exporter.getFinishedSpanItems()
			.stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId));
		assertThat(traces).hasSize(REQUESTS);
		traces.values().forEach((spans) -> {
			assertThat(spans).hasSize(3);
			SpanData payment = only(spans, SpanKind.SERVER, "GET /payments/{id}");
			SpanData call = only(spans, SpanKind.CLIENT, "GET");
			SpanData user = only(spans, SpanKind.SERVER, "GET /users/{id}");
			assertThat(payment.getParentSpanContext().isValid()).isFalse();
			assertThat(call.getParentSpanId()).isEqualTo(payment.getSpanId());
			assertThat(user.getParentSpanId()).isEqualTo(call.getSpanId());
			String id = payment.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("url.path"))
				.substring("/payments/".length());
			assertThat(user.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("url.path")))
				.as("the downstream call of the same request").isEqualTo("/users/" + id);
		});
	}

	private static SpanData only(List<SpanData> spans, SpanKind kind, String name) {
		List<SpanData> matching = spans.stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name))
			.toList();
		assertThat(matching).as("%s %s in %s", kind, name, spans).hasSize(1);
		return matching.get(0);
	}

	// Apart from the application, so the soak can run it against a real collector.
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class InMemoryExport {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@RestController
		static class Endpoints {

			private final RestClient restClient;

			private final Environment environment;

			Endpoints(RestClient.Builder builder, Environment environment) {
				this.restClient = builder.build();
				this.environment = environment;
			}

			@GetMapping("/payments/{id}")
			String pay(@PathVariable String id) {
				String port = this.environment.getProperty("local.server.port");
				String user = this.restClient.get()
					.uri("http://localhost:" + port + "/users/" + id)
					.retrieve()
					.body(String.class);
				return "paid for " + user;
			}

			@GetMapping("/users/{id}")
			String user(@PathVariable String id) {
				return "user " + id;
			}

		}

	}

}
