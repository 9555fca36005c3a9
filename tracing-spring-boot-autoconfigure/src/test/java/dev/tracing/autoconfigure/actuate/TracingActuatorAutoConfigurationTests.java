package dev.tracing.autoconfigure.actuate;

import dev.tracing.actuate.TracingHealthIndicator;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.export.DeferredSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TracingActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				TracingActuatorAutoConfiguration.class));

	@Test
	void shouldNameTheOtlpExporterBeforeItIsBuilt() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(TracingHealthIndicator.class).health(true).getDetails())
				.containsEntry("exporter", "OtlpHttpSpanExporter");
			assertThat(context.getBean(DeferredSpanExporter.class)).hasToString(
					"OtlpHttpSpanExporter (built on the first export)");
		});
		this.contextRunner.withPropertyValues("tracing.export.type=logging")
			.run((context) -> assertThat(context.getBean(TracingHealthIndicator.class).health(true).getDetails())
				.containsEntry("exporter", "SpanLogLineExporter"));
	}

}
