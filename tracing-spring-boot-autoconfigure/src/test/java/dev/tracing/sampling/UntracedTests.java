package dev.tracing.sampling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Untraced}.
 */
class UntracedTests {

	@Test
	void shouldBeValidAndUnsampledAndOneContextForAllUntracedWork() {
		SpanContext context = Span.fromContext(Untraced.context()).getSpanContext();
		assertThat(context.isValid()).isTrue();
		assertThat(context.isSampled()).isFalse();
		assertThat(Untraced.is(context)).isTrue();
		assertThat(Untraced.context()).isSameAs(Untraced.context());
	}

	@Test
	void shouldDrawNewIdsOnEveryRead() {
		SpanContext context = Span.fromContext(Untraced.context()).getSpanContext();
		String first = context.getTraceId();
		assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(context.getTraceId());
		assertThat(context.getSpanId()).matches("[0-9a-f]{16}")
			.isNotEqualTo("0000000000000000")
			.isNotEqualTo(context.getSpanId());
	}

	@Test
	void shouldMakeTheSdksParentBasedSamplerDropChildren() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
			.build(); Scope ignored = Untraced.context().makeCurrent()) {
			Span child = provider.get("test").spanBuilder("db-ping").startSpan();
			assertThat(child.isRecording()).isFalse();
			assertThat(child.getSpanContext().isValid()).isTrue();
			assertThat(child.getSpanContext().isSampled()).isFalse();
			child.end();
		}
		assertThat(Untraced.is(SpanContext.getInvalid())).isFalse();
	}

}
