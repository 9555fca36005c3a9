package dev.tracing.autoconfigure;

import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Applies {@code tracing.export.batch.*} to the SDK's batch span processor builder.
 */
final class BatchSettings {

	private BatchSettings() {
	}

	static BatchSpanProcessorBuilder builder(TracingProperties.Batch batch, SpanExporter exporter) {
		return BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(batch.getMaxQueueSize())
			.setMaxExportBatchSize(batch.getMaxBatchSize())
			.setScheduleDelay(batch.getScheduleDelay())
			.setExporterTimeout(batch.getExportTimeout());
	}

}
