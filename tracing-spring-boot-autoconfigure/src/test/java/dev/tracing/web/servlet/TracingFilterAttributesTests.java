package dev.tracing.web.servlet;

import java.util.List;
import java.util.Map;

import dev.tracing.sampling.RatioSampler;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the starter's sampler the request attributes go on the span builder where the span is known to record (every
 * root at ratio 1, a sampled caller's child), else on the started span: the exported span is the same either way.
 */
class TracingFilterAttributesTests {

	// A trace id whose random part is the smallest: sampled at any ratio above 0.
	private static final String LOW_TRACE_ID = "00000000000000000000000000000001";

	@ParameterizedTest
	@CsvSource({ "1.0,false", "0.5,false", "0.5,true" })
	void shouldRecordTheSameAttributesWhenTheyAreSetAtStartOrAfter(double ratio, boolean sampledCaller)
			throws Exception {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(new RatioSampler(ratio))
			.setIdGenerator(new LowTraceIds())
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(provider)
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		TracingFilter filter = new TracingFilter(sdk, new SkipPatterns(List.of()), true,
				new QueryRedactor(List.of()));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders/42");
		request.setQueryString("page=2");
		request.setServerName("shop.example");
		request.setServerPort(8443);
		request.setScheme("https");
		request.setRemoteAddr("10.0.0.7");
		request.setProtocol("HTTP/1.1");
		request.addHeader("User-Agent", "curl/8.5.0");
		if (sampledCaller) {
			request.addHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		}
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders/{id}");
			((HttpServletResponse) res).setStatus(201);
		});
		List<SpanData> spans = exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		Map<AttributeKey<?>, Object> attributes = spans.get(0).getAttributes().asMap();
		assertThat(attributes).containsOnly(Map.entry(AttributeKey.stringKey("http.request.method"), "POST"),
				Map.entry(AttributeKey.stringKey("url.path"), "/orders/42"),
				Map.entry(AttributeKey.stringKey("url.scheme"), "https"),
				Map.entry(AttributeKey.stringKey("url.query"), "page=REDACTED"),
				Map.entry(AttributeKey.stringKey("server.address"), "shop.example"),
				Map.entry(AttributeKey.longKey("server.port"), 8443L),
				Map.entry(AttributeKey.stringKey("client.address"), "10.0.0.7"),
				Map.entry(AttributeKey.stringKey("user_agent.original"), "curl/8.5.0"),
				Map.entry(AttributeKey.stringKey("network.protocol.version"), "1.1"),
				Map.entry(AttributeKey.stringKey("http.route"), "/orders/{id}"),
				Map.entry(AttributeKey.longKey("http.response.status_code"), 201L));
		assertThat(spans.get(0).getName()).isEqualTo("POST /orders/{id}");
		provider.close();
	}

	private static final class LowTraceIds implements IdGenerator {

		@Override
		public String generateSpanId() {
			return IdGenerator.random().generateSpanId();
		}

		@Override
		public String generateTraceId() {
			return LOW_TRACE_ID;
		}

	}

}
