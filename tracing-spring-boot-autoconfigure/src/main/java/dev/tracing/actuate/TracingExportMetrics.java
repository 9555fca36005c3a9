package dev.tracing.actuate;

import dev.tracing.export.ExportStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the export path: {@code tracing.spans.exported}, {@code tracing.spans.dropped} (tagged
 * {@code reason=queue_full|export_failed}) and the {@code tracing.spans.queued} gauge.
 */
public final class TracingExportMetrics implements MeterBinder {

	private final ExportStatistics statistics;

	public TracingExportMetrics(ExportStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("tracing.spans.exported", this.statistics, ExportStatistics::exported)
			.description("Spans accepted by the trace receiver")
			.baseUnit("spans")
			.register(registry);
		FunctionCounter.builder("tracing.spans.dropped", this.statistics, ExportStatistics::droppedQueueFull)
			.description("Spans dropped before export")
			.tag("reason", "queue_full")
			.baseUnit("spans")
			.register(registry);
		FunctionCounter.builder("tracing.spans.dropped", this.statistics, ExportStatistics::droppedExportFailed)
			.description("Spans dropped before export")
			.tag("reason", "export_failed")
			.baseUnit("spans")
			.register(registry);
		Gauge.builder("tracing.spans.queued", this.statistics, ExportStatistics::queued)
			.description("Finished spans waiting for export")
			.baseUnit("spans")
			.register(registry);
	}

}
