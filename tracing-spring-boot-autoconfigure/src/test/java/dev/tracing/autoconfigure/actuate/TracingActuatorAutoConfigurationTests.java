package dev.tracing.autoconfigure.actuate;

import dev.tracing.actuate.TracingHealthIndicator;
import dev.tracing.actuate.TracingInfoContributor;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.export.DeferredSpanExporter;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TracingActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				TracingActuatorAutoConfiguration.class));

	@Test
	void shouldNameTheOtlpExporterBeforeItIsBuilt() {
		// Without Spring Boot's OTLP tracing module the exporter is built on its first export.
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtlpTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context.getBean(TracingHealthIndicator.class).health(true).getDetails())
					.containsEntry("exporter", "OtlpHttpSpanExporter");
				Info.Builder info = new Info.Builder();
				context.getBean(TracingInfoContributor.class).contribute(info);
				assertThat(info.build().get("tracing")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("exporter", "OtlpHttpSpanExporter");
				assertThat(context.getBean(DeferredSpanExporter.class))
					.hasToString("OtlpHttpSpanExporter (built on the first export)");
			});
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(DeferredSpanExporter.class);
			assertThat(context.getBean(TracingHealthIndicator.class).health(true).getDetails())
				.containsEntry("exporter", "OtlpHttpSpanExporter");
		});
		this.contextRunner.withPropertyValues("tracing.export.type=logging")
			.run((context) -> assertThat(context.getBean(TracingHealthIndicator.class).health(true).getDetails())
				.containsEntry("exporter", "SpanLogLineExporter"));
	}

}
