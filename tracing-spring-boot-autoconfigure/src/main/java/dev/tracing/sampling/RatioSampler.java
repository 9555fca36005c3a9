package dev.tracing.sampling;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.jspecify.annotations.Nullable;

/**
 * The starter's default sampler: OpenTelemetry's {@code parentbased_traceidratio}. A child follows its parent's
 * decision; a root span is sampled by its trace id.
 * <p>
 * Its own type tells the starter's instrumentation two things that no other sampler promises, and that make an
 * unsampled request nearly free: the decision never reads a span's attributes (so they need not be computed before
 * the span starts), and a child of an unsampled parent is never sampled (so no span need be started for it).
 */
public final class RatioSampler implements Sampler {

	private final Sampler delegate;

	private final boolean dropsEveryRoot;

	private final boolean samplesEveryRoot;

	public RatioSampler(double ratio) {
		this.delegate = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
		this.dropsEveryRoot = ratio <= 0;
		this.samplesEveryRoot = ratio >= 1;
	}

	/**
	 * Whether the tracer provider behind {@code openTelemetry} samples with a {@link RatioSampler}. Anything else
	 * (an application's own sampler, an SDK this starter did not build) gets attributes at span start and a span for
	 * every call, as OpenTelemetry's conventions expect.
	 */
	public static boolean isInUse(OpenTelemetry openTelemetry) {
		return inUse(openTelemetry) != null;
	}

	/**
	 * Whether the tracer provider behind {@code openTelemetry} samples with a {@link RatioSampler} of ratio 0, which
	 * drops every span that has no sampled parent: a request that starts a trace can then run as {@link Untraced}
	 * work, without a span of its own.
	 */
	public static boolean dropsEveryRoot(OpenTelemetry openTelemetry) {
		RatioSampler sampler = inUse(openTelemetry);
		return sampler != null && sampler.dropsEveryRoot;
	}

	/**
	 * Whether the tracer provider behind {@code openTelemetry} samples with a {@link RatioSampler} of ratio 1, which
	 * samples every span that has no parent: such a span is known to record before it starts.
	 */
	public static boolean samplesEveryRoot(OpenTelemetry openTelemetry) {
		RatioSampler sampler = inUse(openTelemetry);
		return sampler != null && sampler.samplesEveryRoot;
	}

	private static @Nullable RatioSampler inUse(OpenTelemetry openTelemetry) {
		return (openTelemetry instanceof OpenTelemetrySdk sdk
				&& sdk.getSdkTracerProvider().getSampler() instanceof RatioSampler sampler) ? sampler : null;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return this.delegate.getDescription();
	}

	@Override
	public String toString() {
		return getDescription();
	}

}
