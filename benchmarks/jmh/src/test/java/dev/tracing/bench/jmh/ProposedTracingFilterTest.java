package dev.tracing.bench.jmh;

import java.util.List;

import dev.tracing.web.QueryRedactor;
import dev.tracing.web.servlet.SkipPatterns;
import dev.tracing.web.servlet.TracingFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's {@link ProposedTracingFilter} must record what the starter's filter records, or its lower cost
 * would mean nothing.
 */
class ProposedTracingFilterTest {

	@Test
	void sampledRequestGetsTheSameSpanAsFromTheStartersFilter() throws Exception {
		SpanData current = serve(true, "/hello", 1.0, new java.util.ArrayList<>()).get(0);
		SpanData proposed = serve(false, "/hello", 1.0, new java.util.ArrayList<>()).get(0);
		assertThat(proposed.getName()).isEqualTo(current.getName()).isEqualTo("GET /hello");
		assertThat(proposed.getKind()).isEqualTo(current.getKind());
		assertThat(proposed.getAttributes().asMap()).isEqualTo(current.getAttributes().asMap()).hasSize(10);
		assertThat(proposed.getStatus()).isEqualTo(current.getStatus());
	}

	@Test
	void unsampledAndSkippedRequestsRecordNothingAndRunUnderAnUnsampledContext() throws Exception {
		assertThat(serve(false, "/hello", 0.0, new java.util.ArrayList<>())).isEmpty();
		List<SpanContext> seen = new java.util.ArrayList<>();
		assertThat(serve(false, "/actuator/health", 1.0, seen)).isEmpty();
		assertThat(seen).singleElement().satisfies((context) -> {
			assertThat(context.isValid()).isTrue();
			assertThat(context.isSampled()).isFalse();
		});
	}

	private static List<SpanData> serve(boolean current, String path, double ratio, List<SpanContext> seen)
			throws Exception {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
			SkipPatterns skip = new SkipPatterns(TracingFilterBenchmark.DEFAULT_SKIP_PATTERNS);
			Filter filter = current ? new TracingFilter(sdk, skip, true, new QueryRedactor(List.of()))
					: new ProposedTracingFilter(sdk, skip, true, new QueryRedactor(List.of()), false);
			FilterChain chain = (request, response) -> {
				seen.add(Span.current().getSpanContext());
				request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, path);
			};
			filter.doFilter(new FixedRequest("GET", path, "127.0.0.1", 8080, "wrk"), new MockHttpServletResponse(),
					chain);
			return exporter.getFinishedSpanItems();
		}
	}

}
