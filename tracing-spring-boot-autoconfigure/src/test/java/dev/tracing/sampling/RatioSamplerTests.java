package dev.tracing.sampling;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatioSamplerTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void decidesAsOpenTelemetrysParentBasedTraceIdRatioSampler() {
		for (double ratio : new double[] { 0.0, 0.25, 1.0 }) {
			Sampler reference = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
			RatioSampler sampler = new RatioSampler(ratio);
			assertThat(sampler.getDescription()).isEqualTo(reference.getDescription());
			for (Context parent : List.of(Context.root(), parent(true, true), parent(false, true), parent(true, false),
					parent(false, false))) {
				for (String traceId : List.of(TRACE, "00000000000000000000000000000001",
						"ffffffffffffffffffffffffffffffff")) {
					assertThat(decision(sampler, parent, traceId)).as("ratio %s parent %s trace %s", ratio, parent,
							traceId)
						.isEqualTo(decision(reference, parent, traceId));
				}
			}
		}
	}

	@Test
	void isInUseOnlyInAnSdkThatSamplesWithIt() {
		assertThat(RatioSampler.isInUse(sdk(new RatioSampler(0.5)))).isTrue();
		assertThat(RatioSampler.isInUse(sdk(Sampler.parentBased(Sampler.traceIdRatioBased(0.5))))).isFalse();
		assertThat(RatioSampler.isInUse(OpenTelemetry.noop())).isFalse();
	}

	@Test
	void samplesEveryRootOnlyAtRatioOne() {
		assertThat(RatioSampler.samplesEveryRoot(sdk(new RatioSampler(1.0)))).isTrue();
		assertThat(RatioSampler.samplesEveryRoot(sdk(new RatioSampler(0.99)))).isFalse();
		assertThat(RatioSampler.samplesEveryRoot(sdk(Sampler.alwaysOn()))).isFalse();
		assertThat(RatioSampler.samplesEveryRoot(OpenTelemetry.noop())).isFalse();
	}

	private static OpenTelemetry sdk(Sampler sampler) {
		return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().setSampler(sampler).build()).build();
	}

	private static SamplingDecision decision(Sampler sampler, Context parent, String traceId) {
		return sampler.shouldSample(parent, traceId, "GET /hello", SpanKind.SERVER, Attributes.empty(), List.of())
			.getDecision();
	}

	private static Context parent(boolean sampled, boolean remote) {
		TraceFlags flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
		SpanContext context = remote ? SpanContext.createFromRemoteParent(TRACE, "00f067aa0ba902b7", flags,
				TraceState.getDefault()) : SpanContext.create(TRACE, "00f067aa0ba902b7", flags, TraceState.getDefault());
		return Context.root().with(Span.wrap(context));
	}

}
