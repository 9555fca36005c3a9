package dev.tracing.web.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.testsupport.Traceparent;
import dev.tracing.web.HttpTestApplication;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code tracing.http.client.spans=false}: the application on a random port calls WireMock, or itself, with each
 * client built from Spring Boot's builders while serving a request. Calls carry the context of the span current in
 * the caller and get no span: not from the starter, nor from Spring's observations (actuator is on the class path).
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.http.client.spans=false", "tracing.export.batch.schedule-delay=10ms",
				"tracing.propagation.exclude-hosts=127.0.0.1" })
class PropagationOnlyClientIntegrationTests {

	private static final String REMOTE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	// Started once for the class; stubs and requests are reset after each test
	@RegisterExtension
	static final WireMockExtension downstream = WireMockExtension.newInstance()
		.options(WireMockConfiguration.options().dynamicPort())
		.build();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private Tracer tracer;

	@BeforeEach
	void reset() {
		this.exporter.reset();
		downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldSendTheCallersSampledSpanAndMakeNoClientSpan(String client) throws Exception {
		HttpResponse<String> response = relay(client, downstream.baseUrl() + "/users/1", Map.of());
		String callerSpanId = response.body();
		Traceparent sent = Traceparent.of(onlyRequest().getHeader("traceparent"));
		SpanData server = only(exported(1), SpanKind.SERVER);
		assertThat(server.getSpanId()).isEqualTo(callerSpanId);
		assertThat(sent.traceId()).isEqualTo(server.getTraceId());
		assertThat(sent.spanId()).isEqualTo(callerSpanId);
		assertThat(sent.sampled()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldSendTheCallersUnsampledContext(String client) throws Exception {
		HttpResponse<String> response = relay(client, downstream.baseUrl() + "/users/1",
				Map.of("traceparent", "00-" + REMOTE_TRACE + "-00f067aa0ba902b7-00"));
		Traceparent sent = Traceparent.of(onlyRequest().getHeader("traceparent"));
		assertThat(sent.traceId()).isEqualTo(REMOTE_TRACE);
		assertThat(sent.spanId()).isEqualTo(response.body());
		assertThat(sent.sampled()).isFalse();
		assertThat(exported(0)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldMakeTheCalleesServerSpanAChildOfTheCallersSpan(String client) throws Exception {
		relay(client, "http://localhost:" + this.port + "/users/1", Map.of());
		List<SpanData> spans = exported(2);
		assertThat(spans).hasSize(2).allSatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER));
		SpanData caller = named(spans, "GET /relay/{client}");
		SpanData callee = named(spans, "GET /users/{id}");
		assertThat(callee.getTraceId()).isEqualTo(caller.getTraceId());
		assertThat(callee.getParentSpanId()).isEqualTo(caller.getSpanId());
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldSendNoTraceHeadersToExcludedHosts(String client) throws Exception {
		relay(client, "http://127.0.0.1:" + downstream.getPort() + "/users/1", Map.of());
		LoggedRequest received = onlyRequest();
		assertThat(received.containsHeader("traceparent")).isFalse();
		assertThat(received.containsHeader("tracestate")).isFalse();
		assertThat(received.containsHeader("baggage")).isFalse();
		assertThat(exported(1)).singleElement().extracting(SpanData::getKind).isEqualTo(SpanKind.SERVER);
	}

	@Test
	void shouldSendTheSpanCurrentWhenAWebClientRequestWasBuilt(@Autowired WebClient.Builder builder) {
		WebClient webClient = builder.build();
		Span business = this.tracer.spanBuilder("reserve-stock").startSpan();
		Mono<String> call;
		try (Scope ignored = business.makeCurrent()) {
			call = webClient.get().uri(downstream.baseUrl() + "/users/1").retrieve().bodyToMono(String.class);
		}
		business.end();
		// Subscribed later, on another thread, where no span is current.
		assertThat(call.subscribeOn(Schedulers.boundedElastic()).block()).isEqualTo("ok");
		Traceparent sent = Traceparent.of(onlyRequest().getHeader("traceparent"));
		assertThat(sent.spanId()).isEqualTo(business.getSpanContext().getSpanId());
		assertThat(exported(1)).singleElement().extracting(SpanData::getName).isEqualTo("reserve-stock");
	}

	@Test
	void shouldBuildClientsWithAnInitializerAndNoInterceptor(@Autowired ObjectProvider<RestClient.Builder> restClient,
			@Autowired RestTemplateBuilder restTemplateBuilder, @Autowired WebClient.Builder webClient,
			@Autowired HttpClientTracing tracing) {
		RestTemplate restTemplate = restTemplateBuilder.build();
		// No interceptor at all: Spring then creates each request without its intercepting wrapper
		assertThat(restTemplate.getInterceptors()).isEmpty();
		assertThat(restTemplate.getClientHttpRequestInitializers())
			.filteredOn(TracingClientHttpRequestInitializer.class::isInstance)
			.hasSize(1);
		RestClient.Builder builder = tracing.instrument(restClient.getObject());
		builder.requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
		builder.requestInitializers((initializers) -> assertThat(initializers)
			.filteredOn(TracingClientHttpRequestInitializer.class::isInstance)
			.hasSize(1));
		webClient.filters((filters) -> assertThat(filters)
			.filteredOn(TracingExchangeFilterFunction.class::isInstance)
			.hasSize(1));
		assertThatIllegalStateException().isThrownBy(tracing::interceptor)
			.withMessageContaining("tracing.http.client.spans=false");
	}

	private HttpResponse<String> relay(String client, String url, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/relay/"
				+ client + "?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)));
		headers.forEach(request::header);
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
		return response;
	}

	// Every span the application ended, waiting for the expected ones and flushing the rest
	private List<SpanData> exported(int expected) {
		if (expected > 0) {
			HttpTestApplication.awaitSpans(this.exporter, expected);
		}
		assertThat(this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		return this.exporter.getFinishedSpanItems();
	}

	private static LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = downstream.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static SpanData only(List<SpanData> spans, SpanKind kind) {
		assertThat(spans).as("spans").allSatisfy((span) -> assertThat(span.getKind()).isEqualTo(kind));
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static SpanData named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

}
