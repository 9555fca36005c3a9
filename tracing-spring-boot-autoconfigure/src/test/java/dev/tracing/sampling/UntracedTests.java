package dev.tracing.sampling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
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
	void shouldBeValidAndUnsampledWithoutDrawingIds() {
		SpanContext context = Span.fromContext(Untraced.context()).getSpanContext();
		assertThat(context.isValid()).isTrue();
		assertThat(context.isSampled()).isFalse();
		assertThat(Untraced.is(context)).isTrue();
		assertThat(context).hasToString("Untraced{traceId=null, spanId=null}");
	}

	@Test
	void shouldDrawIdsOfItsOwnOnceRead() {
		SpanContext first = Span.fromContext(Untraced.context()).getSpanContext();
		SpanContext second = Span.fromContext(Untraced.context()).getSpanContext();
		assertThat(first.getTraceId()).matches("[0-9a-f]{32}").isEqualTo(first.getTraceId())
			.isNotEqualTo(second.getTraceId());
		assertThat(first.getSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
	}

	@Test
	void shouldMakeTheSdksParentBasedSamplerDropChildren() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
			.build(); Scope ignored = Untraced.context().makeCurrent()) {
			Span child = provider.get("test").spanBuilder("db-ping").startSpan();
			assertThat(child.isRecording()).isFalse();
			assertThat(child.getSpanContext().getTraceId())
				.isEqualTo(Span.fromContext(Context.current()).getSpanContext().getTraceId());
			child.end();
		}
		assertThat(Untraced.is(SpanContext.getInvalid())).isFalse();
	}

}
