package dev.tracing.autoconfigure;

import java.time.Duration;

import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilderAccess;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilderAccess.Settings;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSettingsTests {

	private final SpanExporter exporter = SpanExporter.composite();

	@Test
	void shouldDefaultToTheSdkDefaults() {
		Settings sdkDefaults = BatchSpanProcessorBuilderAccess.settings(BatchSpanProcessor.builder(this.exporter));
		Settings ours = BatchSpanProcessorBuilderAccess
			.settings(BatchSettings.builder(new TracingProperties().getExport().getBatch(), this.exporter));
		assertThat(ours).isEqualTo(sdkDefaults);
	}

	@Test
	void shouldApplyEveryBatchProperty() {
		TracingProperties.Batch batch = new TracingProperties().getExport().getBatch();
		batch.setMaxQueueSize(100);
		batch.setMaxBatchSize(10);
		batch.setScheduleDelay(Duration.ofMillis(250));
		batch.setExportTimeout(Duration.ofSeconds(3));
		Settings settings = BatchSpanProcessorBuilderAccess.settings(BatchSettings.builder(batch, this.exporter));
		assertThat(settings).isEqualTo(new Settings(100, 10, Duration.ofMillis(250), Duration.ofSeconds(3)));
	}

}
