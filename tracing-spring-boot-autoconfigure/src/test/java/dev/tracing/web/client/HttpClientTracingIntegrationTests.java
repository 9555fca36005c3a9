package dev.tracing.web.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.testsupport.Traceparent;
import dev.tracing.web.HttpTestApplication;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The application on a random port calls WireMock with each client while serving a request; the spans and what
 * WireMock received are checked against each other. Spring's own observation instrumentation is active
 * (actuator is on the class path), so these tests also prove there is one client span per call, not two.
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=payments", "tracing.export.batch.schedule-delay=10ms",
				"tracing.propagation.exclude-hosts=127.0.0.1,*.stripe.test" })
class HttpClientTracingIntegrationTests {

	// Started once for the class; stubs and requests are reset after each test
	@RegisterExtension
	static final WireMockExtension downstream = WireMockExtension.newInstance()
		.options(WireMockConfiguration.options().dynamicPort())
		.build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private HttpClientTracing tracing;

	@Autowired
	private WebClientTracing webClientTracing;

	@Autowired
	private Tracer tracer;

	@BeforeEach
	void reset() {
		this.exporter.reset();
		downstream.stubFor(any(urlPathEqualTo("/users/1")).willReturn(aResponse().withStatus(200).withBody("ok")));
		downstream.stubFor(any(urlPathEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
		downstream.stubFor(any(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(502)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldMakeOneClientSpanPerCallAndPropagateTheTrace(String client) throws Exception {
		String url = "http://user:pw@localhost:" + downstream.getPort() + "/users/1?apiKey=k-123";
		assertThat(serve(client, url)).isEqualTo("ok");
		List<SpanData> spans = HttpTestApplication.awaitSpans(this.exporter, 2);
		SpanData server = only(spans, SpanKind.SERVER);
		SpanData call = only(spans, SpanKind.CLIENT);
		assertThat(spans).hasSize(2);
		assertThat(call.getName()).isEqualTo("GET");
		assertThat(call.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(call.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(call.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
			.containsEntry(AttributeKey.stringKey("url.full"),
					"http://localhost:" + downstream.getPort() + "/users/1?apiKey=REDACTED")
			.containsEntry(AttributeKey.stringKey("server.address"), "localhost")
			.containsEntry(AttributeKey.longKey("server.port"), (long) downstream.getPort())
			.containsEntry(AttributeKey.longKey("http.response.status_code"), 200L);
		LoggedRequest received = single(downstream.findAll(anyRequestedFor(anyUrl())));
		assertThat(received.getHeaders().getHeader("traceparent").values())
			.containsExactly("00-" + call.getTraceId() + "-" + call.getSpanId() + "-"
					+ call.getSpanContext().getTraceFlags().asHex());
		assertThat(Traceparent.of(received.getHeader("traceparent")).sampled()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldSendNoTraceHeadersToExcludedHostsButStillRecordTheCall(String client) throws Exception {
		serve(client, "http://127.0.0.1:" + downstream.getPort() + "/users/1");
		SpanData call = only(HttpTestApplication.awaitSpans(this.exporter, 2), SpanKind.CLIENT);
		assertThat(call.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
		LoggedRequest received = single(downstream.findAll(anyRequestedFor(anyUrl())));
		assertThat(received.containsHeader("traceparent")).isFalse();
		assertThat(received.containsHeader("tracestate")).isFalse();
		assertThat(received.containsHeader("baggage")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldMarkClientAndServerErrorResponsesAsErrors(String client) throws Exception {
		serve(client, "http://localhost:" + downstream.getPort() + "/missing");
		serve(client, "http://localhost:" + downstream.getPort() + "/broken");
		List<SpanData> calls = HttpTestApplication.awaitSpans(this.exporter, 4)
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.toList();
		assertThat(calls).extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.containsExactlyInAnyOrder("404", "502");
		assertThat(calls).allSatisfy(
				(span) -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
	}

	@Test
	void shouldRecordAConnectionFailureWithItsException() {
		RestClient client = this.tracing.instrument(RestClient.builder()).build();
		String refused = "http://localhost:" + unusedPort() + "/nowhere";
		assertThatException().isThrownBy(() -> client.get().uri(refused).retrieve().toBodilessEntity());
		SpanData call = HttpTestApplication.awaitSpans(this.exporter, 1).get(0);
		assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).contains("Exception");
		assertThat(call.getEvents()).extracting("name").containsExactly("exception");
	}

	@Test
	void shouldInstrumentHandBuiltClientsOnceHoweverOftenAsked() {
		RestTemplate restTemplate = this.tracing.instrument(this.tracing.instrument(new RestTemplate()));
		assertThat(restTemplate.getInterceptors()).filteredOn(TracingClientHttpRequestInterceptor.class::isInstance)
			.hasSize(1);
		RestClient restClient = this.tracing.instrument(this.tracing.instrument(RestClient.builder())).build();
		WebClient webClient = this.webClientTracing.instrument(this.webClientTracing.instrument(WebClient.builder())).build();
		String url = "http://localhost:" + downstream.getPort() + "/users/1";
		restTemplate.getForObject(url, String.class);
		restClient.get().uri(url).retrieve().body(String.class);
		webClient.get().uri(url).retrieve().bodyToMono(String.class).block();
		assertThat(HttpTestApplication.awaitSpans(this.exporter, 3)).hasSize(3);
		assertThat(downstream.findAll(anyRequestedFor(anyUrl())))
			.allSatisfy((request) -> assertThat(request.getHeaders().getHeader("traceparent").values()).hasSize(1));
	}

	@Test
	void shouldParentAWebClientCallOnTheSpanCurrentWhenTheRequestWasBuilt() {
		WebClient webClient = this.webClientTracing.instrument(WebClient.builder()).build();
		Span business = this.tracer.spanBuilder("reserve-stock").startSpan();
		Mono<String> call;
		try (Scope ignored = business.makeCurrent()) {
			call = webClient.get()
				.uri("http://localhost:" + downstream.getPort() + "/users/1")
				.retrieve()
				.bodyToMono(String.class);
		}
		business.end();
		// Subscribed later, on another thread, where no span is current.
		assertThat(call.subscribeOn(Schedulers.boundedElastic()).block()).isEqualTo("ok");
		SpanData client = only(HttpTestApplication.awaitSpans(this.exporter, 2), SpanKind.CLIENT);
		assertThat(client.getParentSpanId()).isEqualTo(business.getSpanContext().getSpanId());
	}

	@Test
	void shouldParentAWebClientCallOnTheSpanCurrentAtSubscription() {
		WebClient webClient = this.webClientTracing.instrument(WebClient.builder()).build();
		Mono<String> call = webClient.get()
			.uri("http://localhost:" + downstream.getPort() + "/users/1")
			.retrieve()
			.bodyToMono(String.class);
		Span business = this.tracer.spanBuilder("checkout").startSpan();
		try (Scope ignored = business.makeCurrent()) {
			assertThat(call.block()).isEqualTo("ok");
		}
		business.end();
		SpanData client = only(HttpTestApplication.awaitSpans(this.exporter, 2), SpanKind.CLIENT);
		assertThat(client.getParentSpanId()).isEqualTo(business.getSpanContext().getSpanId());
	}

	@Test
	void shouldMakeASpanPerRetryOfAWebClientCall() {
		WebClient webClient = this.webClientTracing.instrument(WebClient.builder()).build();
		assertThatException().isThrownBy(() -> webClient.get()
			.uri("http://localhost:" + downstream.getPort() + "/broken")
			.retrieve()
			.bodyToMono(String.class)
			.retry(2)
			.block());
		List<SpanData> calls = HttpTestApplication.awaitSpans(this.exporter, 3);
		assertThat(calls).hasSize(3).allSatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT));
		assertThat(calls).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
	}

	private String serve(String client, String url) throws Exception {
		URI uri = URI.create("http://localhost:" + this.port + "/call/" + client + "?url="
				+ java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private static SpanData only(List<SpanData> spans, SpanKind kind) {
		List<SpanData> ofKind = spans.stream().filter((span) -> span.getKind() == kind).toList();
		assertThat(ofKind).as("%s spans among %s", kind, spans).hasSize(1);
		return ofKind.get(0);
	}

	private static LoggedRequest single(List<LoggedRequest> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static int unusedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
