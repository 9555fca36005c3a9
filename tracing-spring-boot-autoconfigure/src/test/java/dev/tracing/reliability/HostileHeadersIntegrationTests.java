package dev.tracing.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and hostile trace headers, one named case each: every request is served normally, starts a fresh trace
 * or keeps what is valid (as the W3C specifications say), and throws nothing.
 */
@SpringBootTest(classes = HostileHeadersIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.export.batch.schedule-delay=10ms", "server.max-http-request-header-size=256KB" })
class HostileHeadersIntegrationTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	private static final String VALID = "00-" + TRACE + "-" + SPAN + "-01";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	enum Expect {

		/** The caller's trace continues. */
		CONTINUES,

		/** A fresh trace starts. */
		NEW_TRACE

	}

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("valid traceparent", List.of("traceparent", VALID), Expect.CONTINUES, -1),
				Arguments.of("version ff", List.of("traceparent", "ff-" + TRACE + "-" + SPAN + "-01"), Expect.NEW_TRACE, -1),
				Arguments.of("all-zero trace id", List.of("traceparent", "00-" + "0".repeat(32) + "-" + SPAN + "-01"),
						Expect.NEW_TRACE, -1),
				Arguments.of("all-zero span id", List.of("traceparent", "00-" + TRACE + "-" + "0".repeat(16) + "-01"),
						Expect.NEW_TRACE, -1),
				Arguments.of("bad hex", List.of("traceparent", "00-" + TRACE.replace('4', 'g') + "-" + SPAN + "-01"),
						Expect.NEW_TRACE, -1),
				Arguments.of("wrong length", List.of("traceparent", "00-" + TRACE.substring(2) + "-" + SPAN + "-01"),
						Expect.NEW_TRACE, -1),
				Arguments.of("extra fields in version 00", List.of("traceparent", VALID + "-extra"), Expect.NEW_TRACE,
						-1),
				Arguments.of("upper case", List.of("traceparent", VALID.toUpperCase()), Expect.NEW_TRACE, -1),
				Arguments.of("duplicate traceparent headers",
						List.of("traceparent", VALID, "traceparent", "00-" + "a".repeat(32) + "-" + SPAN + "-01"),
						Expect.NEW_TRACE, -1),
				Arguments.of("tracestate over 32 members",
						List.of("traceparent", VALID, "tracestate", members("k", "v", 40, ",")), Expect.CONTINUES, -1),
				Arguments.of("tracestate over 512 characters",
						List.of("traceparent", VALID, "tracestate", "k=" + "v".repeat(600)), Expect.CONTINUES, -1),
				Arguments.of("baggage over 8192 bytes",
						List.of("traceparent", VALID, "baggage", "k=" + "v".repeat(9000)), Expect.CONTINUES, 0),
				Arguments.of("baggage badly encoded",
						List.of("traceparent", VALID, "baggage", "%%%,=,k=%ZZ,good=1;;;,=="), Expect.CONTINUES, -1),
				Arguments.of("baggage with thousands of members",
						List.of("traceparent", VALID, "baggage", members("m", "1", 3000, ",")), Expect.CONTINUES, 0),
				Arguments.of("baggage within limits", List.of("traceparent", VALID, "baggage", "tenant=acme,plan=pro"),
						Expect.CONTINUES, 2),
				Arguments.of("very long traceparent", List.of("traceparent", VALID + "-" + "x".repeat(100_000)),
						Expect.NEW_TRACE, -1));
	}

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void shouldServeNormallyAndStartOrContinueTheTraceAsTheSpecificationSays(String name, List<String> headers,
			Expect expect, int baggageMembers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/probe"));
		for (int i = 0; i < headers.size(); i += 2) {
			request.header(headers.get(i), headers.get(i + 1));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		await().until(() -> !this.exporter.getFinishedSpanItems().isEmpty());
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getName()).isEqualTo("GET /probe");
		if (expect == Expect.CONTINUES) {
			assertThat(span.getTraceId()).isEqualTo(TRACE);
			assertThat(span.getParentSpanId()).isEqualTo(SPAN);
		}
		else {
			assertThat(span.getTraceId()).isNotEqualTo(TRACE);
			assertThat(span.getParentSpanContext().isValid()).isFalse();
		}
		assertThat(span.getSpanContext().getTraceState().size()).isLessThanOrEqualTo(32);
		if (baggageMembers >= 0) {
			assertThat(response.body()).isEqualTo("baggage=" + baggageMembers);
		}
	}

	@Test
	void shouldNotGrowMemoryUnderARepeatedHostileLoad() throws Exception {
		HttpRequest hostile = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/probe"))
			.header("traceparent", VALID)
			.header("tracestate", members("k", "v", 40, ","))
			.header("baggage", members("m", "1", 60, ",") + "," + "x=" + "y".repeat(7000))
			.build();
		for (int i = 0; i < 50; i++) {
			this.http.send(hostile, HttpResponse.BodyHandlers.discarding());
		}
		long before = usedHeapAfterGc();
		for (int i = 0; i < 1000; i++) {
			assertThat(this.http.send(hostile, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		}
		long after = usedHeapAfterGc();
		assertThat(after - before).as("heap growth over 1,000 hostile requests").isLessThan(32L * 1024 * 1024);
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static String members(String prefix, String value, int count, String separator) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i + "=" + value).collect(Collectors.joining(separator));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@RestController
		static class Probe {

			@GetMapping("/probe")
			String probe() {
				return "baggage=" + Baggage.current().size() + (Span.current().getSpanContext().isValid() ? "" : "!");
			}

		}

	}

}
