package dev.tracing.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * A servlet application with the starter and Spring Boot's own observation instrumentation (actuator is on the test
 * class path). Its exporter bean replaces OTLP behind the starter's own batch processor (tests set a short schedule
 * delay). Its endpoints exercise what the HTTP instrumentation must handle.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class HttpTestApplication {

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	/**
	 * Waits for spans: a server span ends after the response may already have reached the client.
	 */
	public static List<SpanData> awaitSpans(InMemorySpanExporter exporter, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().size() >= count);
		return exporter.getFinishedSpanItems();
	}

	@RestController
	static class Endpoints {

		private final RestClient restClient;

		private final RestTemplate restTemplate;

		private final WebClient webClient;

		// A nested component of the application class: registered without component scanning.
		Endpoints(RestClient.Builder restClient, RestTemplateBuilder restTemplate, WebClient.Builder webClient) {
			this.restClient = restClient.build();
			this.restTemplate = restTemplate.build();
			this.webClient = webClient.build();
		}

		@GetMapping("/users/{id}")
		Map<String, String> user(@PathVariable String id) {
			return Map.of("id", id, "spanId", Span.current().getSpanContext().getSpanId());
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom: ledger unavailable");
		}

		@GetMapping("/unavailable")
		ResponseEntity<String> unavailable() {
			return ResponseEntity.status(503).body("down for maintenance");
		}

		@GetMapping("/missing")
		ResponseEntity<String> missing() {
			return ResponseEntity.status(404).body("no such thing");
		}

		@GetMapping("/slow-async")
		Callable<String> slowAsync() {
			return () -> {
				Thread.sleep(150);
				return "done";
			};
		}

		@GetMapping("/call/{client}")
		String call(@PathVariable String client, @RequestParam String url) {
			try {
				return switch (client) {
					case "rest-client" -> this.restClient.get().uri(url).retrieve().body(String.class);
					case "rest-template" -> this.restTemplate.getForObject(url, String.class);
					case "web-client" -> this.webClient.get().uri(url).retrieve().bodyToMono(String.class).block();
					default -> throw new IllegalArgumentException(client);
				};
			}
			catch (RestClientResponseException | org.springframework.web.reactive.function.client.WebClientResponseException ex) {
				return "downstream failed";
			}
		}

		// Calls url, then answers with the id of the span current here: what a call made no span of propagates.
		@GetMapping("/relay/{client}")
		String relay(@PathVariable String client, @RequestParam String url) {
			call(client, url);
			return Span.current().getSpanContext().getSpanId();
		}

		@GetMapping("/health/ready")
		String ready(@RequestParam(required = false) String url) {
			if (url != null) {
				this.restClient.get().uri(url).retrieve().toBodilessEntity();
			}
			Span.current().getSpanContext();
			return "UP";
		}

	}

}
