package io.opentelemetry.sdk.trace.export;

import java.time.Duration;

/**
 * Reads the settings of a {@link BatchSpanProcessorBuilder}, whose getters are package-private, so tests can compare
 * ours against the SDK's own defaults.
 */
public final class BatchSpanProcessorBuilderAccess {

	private BatchSpanProcessorBuilderAccess() {
	}

	public static Settings settings(BatchSpanProcessorBuilder builder) {
		return new Settings(builder.getMaxQueueSize(), builder.getMaxExportBatchSize(),
				Duration.ofNanos(builder.getScheduleDelayNanos()), Duration.ofNanos(builder.getExporterTimeoutNanos()));
	}

	public record Settings(int maxQueueSize, int maxExportBatchSize, Duration scheduleDelay, Duration exportTimeout) {
	}

}
