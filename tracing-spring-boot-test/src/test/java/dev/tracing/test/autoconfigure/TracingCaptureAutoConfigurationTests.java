package dev.tracing.test.autoconfigure;

import java.time.Duration;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.export.SpanLogLineExporter;
import dev.tracing.test.CapturedSpans;
import dev.tracing.test.CapturingSpanExporter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TracingCaptureAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=orders")
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingExportAutoConfiguration.class, TracingCaptureAutoConfiguration.class));

	@Test
	void shouldReplaceTheOtlpExporterAndKeepTheStarterPipeline() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(OtlpHttpSpanExporter.class);
			assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("tracingCaptureSpanExporter");
			assertThat(context).hasSingleBean(SdkTracerProvider.class).hasSingleBean(CapturedSpans.class);
			context.getBean(Tracer.class).spanBuilder("work").startSpan().end();
			// Captured through the batch processor: the read flushes it.
			assertThat(context.getBean(CapturedSpans.class)).hasSpanNamed("work").hasServiceName("orders");
		});
	}

	@Test
	void shouldReplaceTheLoggingExporter() {
		this.contextRunner.withPropertyValues("tracing.export.type=logging")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanLogLineExporter.class)
				.hasSingleBean(CapturingSpanExporter.class));
	}

	@Test
	void shouldCaptureAfterRedaction() {
		this.contextRunner.run((context) -> {
			context.getBean(Tracer.class).spanBuilder("login").setAttribute("user.password", "hunter2").startSpan().end();
			CapturedSpans spans = context.getBean(CapturedSpans.class);
			assertThat(spans).hasSpanNamed("login").doesNotHaveAttribute("nothing");
			assertThat(spans).allSpans().doNotContainValue("hunter2");
		});
	}

	@Test
	void shouldCaptureRawValuesWhenRedactionIsOff() {
		this.contextRunner.withPropertyValues("tracing.redaction.enabled=false").run((context) -> {
			context.getBean(Tracer.class).spanBuilder("login").setAttribute("user.password", "hunter2").startSpan().end();
			CapturedSpans spans = context.getBean(CapturedSpans.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(spans).allSpans().doNotContainValue("hunter2"))
				.withMessageContaining("orders INTERNAL 'login': attribute user.password");
		});
	}

	@Test
	void shouldExportToTheApplicationsOwnExporterToo() {
		this.contextRunner.withUserConfiguration(OwnExporter.class).run((context) -> {
			context.getBean(Tracer.class).spanBuilder("work").startSpan().end();
			assertThat(context.getBean(CapturedSpans.class)).hasSpanCount(1);
			assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).hasSize(1);
		});
	}

	@Test
	void shouldSayWhyNothingIsCapturedWhenTracingIsOff() {
		this.contextRunner.withPropertyValues("tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SdkTracerProvider.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(context.getBean(CapturedSpans.class)).within(Duration.ofMillis(100))
					.hasSpanNamed("work"))
				.withMessageContaining("Expected a span named 'work' within 100 ms but none was captured")
				.withMessageContaining("No spans were captured.")
				.withMessageContaining("is tracing turned off with tracing.enabled=false?");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExporter {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
