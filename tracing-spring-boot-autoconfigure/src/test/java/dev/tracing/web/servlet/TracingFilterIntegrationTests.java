package dev.tracing.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.tracing.testsupport.Traceparent;
import dev.tracing.web.HttpTestApplication;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP requests to the application on a random port; spans asserted as exported.
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=users", "tracing.export.batch.schedule-delay=10ms",
				"tracing.http.query-allowlist=page" })
class TracingFilterIntegrationTests {

	private static final String REMOTE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String REMOTE_SPAN = "00f067aa0ba902b7";

	// Started once for the class; stubs and requests are reset after each test
	@RegisterExtension
	static final WireMockExtension downstream = WireMockExtension.newInstance()
		.options(WireMockConfiguration.options().dynamicPort())
		.build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		this.exporter.reset();
		downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
	}

	@Test
	void shouldRecordOneServerSpanNamedByRouteWithSemanticConventionAttributes() throws Exception {
		HttpResponse<String> response = get("/users/42?token=s3cr3t&page=2", Map.of("User-Agent", "probe/1.0"));
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData span = single();
		assertThat(span.getName()).isEqualTo("GET /users/{id}");
		assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getAttributes().asMap()).containsEntry(key("http.request.method"), "GET")
			.containsEntry(key("http.route"), "/users/{id}")
			.containsEntry(key("url.path"), "/users/42")
			.containsEntry(key("url.scheme"), "http")
			.containsEntry(key("url.query"), "token=REDACTED&page=2")
			.containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
			.containsEntry(key("server.address"), "localhost")
			.containsEntry(AttributeKey.longKey("server.port"), (long) this.port)
			.containsEntry(key("client.address"), "127.0.0.1")
			.containsEntry(key("user_agent.original"), "probe/1.0")
			.containsEntry(key("network.protocol.version"), "1.1")
			.doesNotContainKey(key("error.type"));
		assertThat(response.body()).as("span current in the controller")
			.contains("\"spanId\":\"" + span.getSpanId() + "\"");
	}

	@Test
	void shouldContinueTheCallersTrace() throws Exception {
		HttpResponse<String> response = get("/users/7",
				Map.of("traceparent", "00-" + REMOTE_TRACE + "-" + REMOTE_SPAN + "-01"));
		SpanData span = single();
		assertThat(span.getTraceId()).isEqualTo(REMOTE_TRACE);
		assertThat(span.getParentSpanId()).isEqualTo(REMOTE_SPAN);
		assertThat(span.getParentSpanContext().isRemote()).isTrue();
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + REMOTE_TRACE + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
	}

	@Test
	void shouldAnswerASampledRequestWithATraceResponseNamingTheServerSpan() throws Exception {
		HttpResponse<String> response = get("/users/42", Map.of());
		SpanData span = single();
		assertThat(response.headers().allValues("traceresponse"))
			.containsExactly(
					"00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
	}

	@Test
	void shouldAnswerAFailedRequestWithATraceResponse() throws Exception {
		HttpResponse<String> response = get("/boom", Map.of("Accept", "application/json"));
		assertThat(response.statusCode()).isEqualTo(500);
		SpanData span = single();
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
	}

	@Test
	void shouldSendNoTraceResponseForAnUnsampledRequest() throws Exception {
		HttpResponse<String> response = get("/users/7",
				Map.of("traceparent", "00-" + REMOTE_TRACE + "-" + REMOTE_SPAN + "-00"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
	}

	@Test
	void shouldMarkAnEscapingExceptionAndLeaveItToSpringsErrorHandling() throws Exception {
		HttpResponse<String> response = get("/boom", Map.of("Accept", "application/json"));
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("\"status\":500").contains("\"path\":\"/boom\"");
		SpanData span = single();
		assertThat(span.getName()).isEqualTo("GET /boom");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap())
			.containsEntry(AttributeKey.longKey("http.response.status_code"), 500L)
			.containsEntry(key("error.type"), "java.lang.IllegalStateException");
		EventData exception = span.getEvents().get(0);
		assertThat(exception.getName()).isEqualTo("exception");
		assertThat(exception.getAttributes().get(key("exception.type"))).isEqualTo("java.lang.IllegalStateException");
		assertThat(exception.getAttributes().get(key("exception.message"))).isEqualTo("boom: ledger unavailable");
		assertThat(exception.getAttributes().get(key("exception.stacktrace"))).contains("IllegalStateException");
	}

	@Test
	void shouldMarkA5xxResponseAsError() throws Exception {
		assertThat(get("/unavailable", Map.of()).statusCode()).isEqualTo(503);
		SpanData span = single();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap()).containsEntry(key("error.type"), "503")
			.containsEntry(AttributeKey.longKey("http.response.status_code"), 503L);
	}

	@Test
	void shouldLeaveA4xxResponseUnset() throws Exception {
		assertThat(get("/missing", Map.of()).statusCode()).isEqualTo(404);
		SpanData span = single();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.longKey("http.response.status_code"), 404L)
			.doesNotContainKey(key("error.type"));
	}

	@Test
	void shouldNeverNameASpanAfterTheRawPath() throws Exception {
		get("/no/such/page/123456", Map.of());
		SpanData span = single();
		assertThat(span.getName()).startsWith("GET").doesNotContain("123456");
	}

	@Test
	void shouldNameUnknownMethodsHttpAndKeepTheOriginal() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/users/1"))
			.method("PURGE", HttpRequest.BodyPublishers.noBody())
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.ofString());
		SpanData span = single();
		assertThat(span.getName()).startsWith("HTTP");
		assertThat(span.getAttributes().asMap()).containsEntry(key("http.request.method"), "_OTHER")
			.containsEntry(key("http.request.method_original"), "PURGE");
	}

	@Test
	void shouldEndAnAsyncRequestsSpanWhenTheResponseCompletes() throws Exception {
		assertThat(get("/slow-async", Map.of()).body()).isEqualTo("done");
		SpanData span = single();
		assertThat(span.getName()).isEqualTo("GET /slow-async");
		assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isGreaterThanOrEqualTo(150_000_000L);
		assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.longKey("http.response.status_code"), 200L);
	}

	@Test
	void shouldRecordNothingForHealthChecksNorForWhatTheyCall() throws Exception {
		HttpResponse<String> health = get("/health/ready?url=" + downstream.baseUrl() + "/db-ping", Map.of());
		assertThat(health.body()).isEqualTo("UP");
		assertThat(health.headers().firstValue("traceresponse")).as("skipped path").isEmpty();
		assertThat(get("/actuator/health", Map.of()).statusCode()).isEqualTo(200);
		assertThat(get("/favicon.ico", Map.of()).statusCode()).isIn(200, 404);
		// The nested call happened, but as part of an unsampled trace: nothing is exported for it.
		assertThat(downstream.findAll(anyRequestedFor(anyUrl()))).singleElement()
			.satisfies((request) -> assertThat(Traceparent.of(request.getHeader("traceparent")).sampled()).isFalse());
		get("/users/1", Map.of());
		List<SpanData> spans = HttpTestApplication.awaitSpans(this.exporter, 1);
		assertThat(spans).extracting(SpanData::getName).containsExactly("GET /users/{id}");
	}

	private SpanData single() {
		List<SpanData> spans = HttpTestApplication.awaitSpans(this.exporter, 1);
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static AttributeKey<String> key(String name) {
		return AttributeKey.stringKey(name);
	}

	@Nested
	@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "tracing.export.batch.schedule-delay=10ms", "tracing.http.server.trust-incoming-context=false" })
	class UntrustedEdge {

		@LocalServerPort
		private int port;

		@Autowired
		private InMemorySpanExporter exporter;

		@Test
		void shouldStartANewTraceLinkedToTheCallersContext() throws Exception {
			this.exporter.reset();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/users/9"))
				.header("traceparent", "00-" + REMOTE_TRACE + "-" + REMOTE_SPAN + "-01")
				.build();
			HttpResponse<String> response = TracingFilterIntegrationTests.this.http.send(request,
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			SpanData span = HttpTestApplication.awaitSpans(this.exporter, 1).get(0);
			assertThat(span.getTraceId()).isNotEqualTo(REMOTE_TRACE);
			assertThat(response.headers().firstValue("traceresponse")).as("the new trace's ids, never the caller's")
				.hasValue("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
			assertThat(span.getParentSpanContext().isValid()).isFalse();
			assertThat(span.getLinks()).singleElement().satisfies((link) -> {
				assertThat(link.getSpanContext().getTraceId()).isEqualTo(REMOTE_TRACE);
				assertThat(link.getSpanContext().getSpanId()).isEqualTo(REMOTE_SPAN);
			});
		}

	}

	@Nested
	@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "tracing.export.batch.schedule-delay=10ms", "tracing.http.server.trace-response=false" })
	class TraceResponseDisabled {

		@LocalServerPort
		private int port;

		@Autowired
		private InMemorySpanExporter exporter;

		@Test
		void shouldSendNoTraceResponse() throws Exception {
			this.exporter.reset();
			HttpResponse<String> response = TracingFilterIntegrationTests.this.http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/users/9")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(HttpTestApplication.awaitSpans(this.exporter, 1)).hasSize(1);
			assertThat(response.headers().firstValue("traceresponse")).isEmpty();
		}

	}

}
