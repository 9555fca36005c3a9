package dev.tracing.bench.jmh;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

import dev.tracing.sampling.RatioSampler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The real SDK as the starter builds it (parent-based ratio sampler, batch span processor with the SDK's defaults,
 * W3C trace context and baggage), exporting to an exporter that counts spans and discards them.
 */
final class Sdk implements AutoCloseable {

	final OpenTelemetry openTelemetry;

	final CountingExporter exporter = new CountingExporter();

	private final SdkTracerProvider tracerProvider;

	private Sdk(OpenTelemetry openTelemetry, SdkTracerProvider tracerProvider) {
		this.openTelemetry = openTelemetry;
		this.tracerProvider = tracerProvider;
	}

	static Sdk noop() {
		return new Sdk(OpenTelemetry.noop(), null);
	}

	// The starter's sampler by default, as its auto-configuration builds it.
	static Sdk withRatio(double ratio) {
		return withSampler(new RatioSampler(ratio));
	}

	// The same decisions from an application's own sampler: the instrumentation cannot assume what it reads.
	static Sdk withApplicationSampler(double ratio) {
		return withSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)));
	}

	private static Sdk withSampler(Sampler sampler) {
		CountingExporter exporter = new CountingExporter();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
			.build();
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(provider)
			.setPropagators(ContextPropagators.create(TextMapPropagator
				.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
			.build();
		Sdk result = new Sdk(sdk, provider);
		result.exporter.delegate = exporter;
		return result;
	}

	long exported() {
		return (this.exporter.delegate != null) ? this.exporter.delegate.spans.sum() : 0;
	}

	@Override
	public void close() {
		if (this.tracerProvider != null) {
			this.tracerProvider.close();
		}
	}

	static final class CountingExporter implements SpanExporter {

		final LongAdder spans = new LongAdder();

		CountingExporter delegate;

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.add(batch.size());
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
