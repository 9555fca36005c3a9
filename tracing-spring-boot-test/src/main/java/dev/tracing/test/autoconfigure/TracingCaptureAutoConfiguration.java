package dev.tracing.test.autoconfigure;

import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.test.CapturedSpans;
import dev.tracing.test.CapturingSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Captures what the application would export. Its {@link CapturingSpanExporter} is a {@link SpanExporter} bean
 * defined before the starter's exporter configuration, so the OTLP (or logging) exporter backs off and the starter
 * composes the capturing exporter exactly as it would the OTLP one: behind the batch processor, the export
 * statistics and redaction. The sampler, the span processors, the resource and the instrumentation stay the
 * application's. A {@link SpanExporter} the application defines itself keeps receiving spans beside it.
 */
@AutoConfiguration(before = TracingExportAutoConfiguration.class)
public final class TracingCaptureAutoConfiguration {

	// The batch processor owns the exporter and shuts it down.
	@Bean(destroyMethod = "")
	CapturingSpanExporter tracingCaptureSpanExporter() {
		return new CapturingSpanExporter();
	}

	@Bean
	CapturedSpans capturedSpans(CapturingSpanExporter tracingCaptureSpanExporter,
			ObjectProvider<SdkTracerProvider> tracerProvider) {
		return CapturedSpans.of(tracingCaptureSpanExporter, tracerProvider::getIfAvailable);
	}

}
