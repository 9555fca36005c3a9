package dev.tracing.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.testsupport.Traceparent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an unsampled request costs and still does. With the starter's sampler a call made under an unsampled request
 * makes no CLIENT span (the sampler would drop it) but still propagates the trace, unsampled; with an application's
 * own sampler every span starts with its attributes, which that sampler may read, and every call gets its span.
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.sampling.ratio=0", "tracing.export.batch.schedule-delay=10ms" })
class UnsampledRequestsIntegrationTests {

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

	@BeforeEach
	void reset() {
		this.exporter.reset();
		downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void callUnderAnUnsampledRequestPropagatesTheServerSpanAndRecordsNothing(String client) throws Exception {
		HttpResponse<String> response = get(this.port, "/relay/" + client + "?url=" + downstream.baseUrl() + "/x",
				Map.of("traceparent", "00-" + REMOTE_TRACE + "-00f067aa0ba902b7-00"));
		assertThat(response.statusCode()).isEqualTo(200);
		String serverSpanId = response.body();
		assertThat(serverSpanId).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
		Traceparent propagated = Traceparent.of(onlyTraceparent());
		assertThat(propagated.traceId()).isEqualTo(REMOTE_TRACE);
		assertThat(propagated.spanId()).isEqualTo(serverSpanId);
		assertThat(propagated.sampled()).isFalse();
		assertThat(this.tracerProvider.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS).isSuccess())
			.isTrue();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void skippedRequestsPropagateAnUnsampledTraceOfTheirOwn() throws Exception {
		get(this.port, "/health/ready?url=" + downstream.baseUrl() + "/db-ping", Map.of());
		get(this.port, "/health/ready?url=" + downstream.baseUrl() + "/db-ping", Map.of());
		List<String> traceparents = downstream.findAll(anyRequestedFor(anyUrl()))
			.stream()
			.map((request) -> request.getHeader("traceparent"))
			.toList();
		assertThat(traceparents).hasSize(2).doesNotContainNull();
		// Each skipped request has ids of its own: downstream never sees one trace id shared by every health check.
		Traceparent first = Traceparent.of(traceparents.get(0));
		Traceparent second = Traceparent.of(traceparents.get(1));
		assertThat(first.traceId()).isNotEqualTo(second.traceId());
		assertThat(first.sampled()).isFalse();
		assertThat(second.sampled()).isFalse();
	}

	private static String onlyTraceparent() {
		List<LoggedRequest> requests = downstream.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(1);
		return requests.get(0).getHeader("traceparent");
	}

	static HttpResponse<String> get(int port, String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(classes = { HttpTestApplication.class, RecordingSamplerConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT)
	class ApplicationSampler {

		@LocalServerPort
		private int port;

		@Autowired
		private RecordingSampler sampler;

		@BeforeEach
		void reset() {
			this.sampler.seen.clear();
		}

		@Test
		void samplerSeesTheRequestAttributesAndEveryCallGetsItsOwnSpan() throws Exception {
			String target = downstream.baseUrl() + "/x?page=2";
			HttpResponse<String> response = get(this.port, "/relay/rest-client?url=" + target,
					Map.of("User-Agent", "probe/1.0"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(this.sampler.seen.get(SpanKind.SERVER).asMap())
				.containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
				.containsEntry(AttributeKey.stringKey("url.path"), "/relay/rest-client")
				.containsEntry(AttributeKey.stringKey("user_agent.original"), "probe/1.0")
				.containsEntry(AttributeKey.longKey("server.port"), (long) this.port);
			assertThat(this.sampler.seen.get(SpanKind.CLIENT).asMap())
				.containsEntry(AttributeKey.stringKey("url.full"), downstream.baseUrl() + "/x?page=REDACTED")
				.containsEntry(AttributeKey.stringKey("http.request.method"), "GET");
			// The sampler dropped both spans, yet the call had one of its own: its id is not the server span's.
			String traceparent = onlyTraceparent();
			assertThat(Traceparent.of(traceparent).sampled()).isFalse();
			assertThat(traceparent).doesNotContain(response.body());
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingSamplerConfiguration {

		@Bean
		RecordingSampler recordingSampler() {
			return new RecordingSampler();
		}

	}

	/** Drops everything, remembering the attributes of the last span of each kind it was asked about. */
	static final class RecordingSampler implements Sampler {

		final Map<SpanKind, Attributes> seen = new ConcurrentHashMap<>();

		@Override
		public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
				Attributes attributes, List<LinkData> parentLinks) {
			this.seen.put(spanKind, attributes);
			return SamplingResult.drop();
		}

		@Override
		public String getDescription() {
			return "RecordingSampler";
		}

	}

}
