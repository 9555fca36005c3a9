package dev.tracing.autoconfigure;

import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.micrometer.MicrometerTracingBridgeAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void shouldProvideTheSdkByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetrySdk.class)
				.hasSingleBean(SdkTracerProvider.class)
				.hasSingleBean(Resource.class)
				.hasSingleBean(Sampler.class)
				.hasSingleBean(BatchSpanProcessor.class)
				.hasSingleBean(OtlpHttpSpanExporter.class)
				.hasSingleBean(ContextPropagators.class)
				.hasSingleBean(Tracer.class);
			assertThat(context.getBean(OpenTelemetry.class)).isSameAs(context.getBean(OpenTelemetrySdk.class));
			assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider())
				.isSameAs(context.getBean(SdkTracerProvider.class));
			assertThat(context.getBean(OpenTelemetry.class).getPropagators())
				.isSameAs(context.getBean(ContextPropagators.class));
		});
	}

	@Test
	void shouldNotRegisterTheSdkAsGlobalOpenTelemetry() {
		GlobalOpenTelemetry.resetForTest();
		// No exporter: with no collector listening, the flush on close would retry for seconds.
		this.contextRunner.withPropertyValues("tracing.export.type=none").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.spanBuilder("probe").startSpan();
			assertThat(span.getSpanContext().isValid()).isTrue();
			span.end();
			assertThat(GlobalOpenTelemetry.get()).isNotSameAs(context.getBean(OpenTelemetry.class));
			assertThat(GlobalOpenTelemetry.getTracer("probe").spanBuilder("global").startSpan().getSpanContext()
				.isValid()).isFalse();
		});
		GlobalOpenTelemetry.resetForTest();
	}

	@Test
	void shouldCreateNoTracingBeansWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(OpenTelemetry.class)
				.doesNotHaveBean(SdkTracerProvider.class)
				.doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean(SpanProcessor.class)
				.doesNotHaveBean(ContextPropagators.class)
				.doesNotHaveBean(io.micrometer.tracing.Tracer.class)
				.doesNotHaveBean(TracingProperties.class);
		});
	}

	@Test
	void shouldSampleEverythingByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
			.isEqualTo(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)).getDescription()));
	}

	@Test
	void shouldApplySamplingRatioToAParentBasedSampler() {
		this.contextRunner.withPropertyValues("tracing.sampling.ratio=0.25")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo(Sampler.parentBased(Sampler.traceIdRatioBased(0.25)).getDescription())
				.startsWith("ParentBased{root:TraceIdRatioBased{0.250000}"));
	}

	@Test
	void shouldSampleEveryTraceByRatioWhenNotParentBased() {
		this.contextRunner.withPropertyValues("tracing.sampling.ratio=0.25", "tracing.sampling.parent-based=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("TraceIdRatioBased{0.250000}"));
		this.contextRunner.withPropertyValues("tracing.sampling.parent-based=false")
			.run((context) -> assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.alwaysOn()));
		this.contextRunner.withPropertyValues("tracing.sampling.ratio=0", "tracing.sampling.parent-based=false")
			.run((context) -> assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.alwaysOff()));
	}

	@Test
	void shouldKeepTheSdkSpanLimitsByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).getSpanLimits())
			.isEqualTo(SpanLimits.getDefault()));
	}

	@Test
	void shouldApplySpanLimits() {
		this.contextRunner
			.withPropertyValues("tracing.span-limits.max-attributes=10", "tracing.span-limits.max-events=11",
					"tracing.span-limits.max-links=12", "tracing.span-limits.max-attributes-per-event=13",
					"tracing.span-limits.max-attributes-per-link=14",
					"tracing.span-limits.max-attribute-value-length=15")
			.run((context) -> {
				SpanLimits limits = context.getBean(SdkTracerProvider.class).getSpanLimits();
				assertThat(limits.getMaxNumberOfAttributes()).isEqualTo(10);
				assertThat(limits.getMaxNumberOfEvents()).isEqualTo(11);
				assertThat(limits.getMaxNumberOfLinks()).isEqualTo(12);
				assertThat(limits.getMaxNumberOfAttributesPerEvent()).isEqualTo(13);
				assertThat(limits.getMaxNumberOfAttributesPerLink()).isEqualTo(14);
				assertThat(limits.getMaxAttributeValueLength()).isEqualTo(15);
			});
	}

	@Test
	void shouldSampleNothingAtRatioZero() {
		this.contextRunner.withPropertyValues("tracing.sampling.ratio=0", "tracing.export.type=none")
			.run((context) -> {
				Span span = context.getBean(Tracer.class).spanBuilder("unsampled").startSpan();
				assertThat(span.getSpanContext().isSampled()).isFalse();
				span.end();
			});
	}

	@Test
	void shouldBackOffWhenUserDefinesSampler() {
		this.contextRunner.withUserConfiguration(UserSamplerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.alwaysOff()));
	}

	@Test
	void shouldBackOffWhenUserDefinesResource() {
		this.contextRunner.withUserConfiguration(UserResourceConfiguration.class)
			.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).toString())
				.contains("service.name=\"custom\""));
	}

	@Test
	void shouldBackOffWhenUserDefinesOpenTelemetry() {
		this.contextRunner.withUserConfiguration(UserOpenTelemetryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetry.class).doesNotHaveBean(OpenTelemetrySdk.class);
			assertThat(context.getBean(OpenTelemetry.class)).isSameAs(OpenTelemetry.noop());
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesTracerProvider() {
		this.contextRunner.withUserConfiguration(UserTracerProviderConfiguration.class)
			.run((context) -> assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider())
				.isSameAs(context.getBean("userTracerProvider")));
	}

	@Test
	void shouldExportThroughUserSpanExporterInsteadOfOtlp() {
		this.contextRunner.withUserConfiguration(UserSpanExporterConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(OtlpHttpSpanExporter.class).hasSingleBean(BatchSpanProcessor.class);
			context.getBean(Tracer.class).spanBuilder("to-user-exporter").startSpan().end();
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
				.extracting(io.opentelemetry.sdk.trace.data.SpanData::getName)
				.containsExactly("to-user-exporter");
		});
	}

	@Test
	void shouldAddUserSpanProcessorsAndApplyCustomizers() {
		this.contextRunner.withUserConfiguration(UserSpanProcessorConfiguration.class).run((context) -> {
			Span span = context.getBean(Tracer.class).spanBuilder("processed").startSpan();
			span.setAttribute("long", "abcdefgh");
			span.end();
			assertThat(context.getBean(UserSpanProcessorConfiguration.class).memory.getFinishedSpanItems()).singleElement()
				.satisfies((data) -> assertThat(data.getAttributes().get(AttributeKey.stringKey("long")))
					.isEqualTo("abc"));
		});
	}

	@Test
	void shouldBackOffWhenTheSdkIsNotOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenTelemetrySdk.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OpenTelemetry.class)
				.doesNotHaveBean(SdkTracerProvider.class));
	}

	@Test
	void shouldHoldExactlyOneTracerProviderConfiguredByUsAlongsideSpringBootsOwnModules() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, ObservationAutoConfiguration.class))
			.withPropertyValues("tracing.sampling.ratio=0.5", "management.tracing.sampling.probability=0.1",
					"tracing.service-name=ours")
			.run((context) -> {
				assertThat(context).hasSingleBean(SdkTracerProvider.class)
					.hasSingleBean(OpenTelemetry.class)
					.hasSingleBean(Sampler.class)
					.hasSingleBean(Resource.class)
					.hasSingleBean(BatchSpanProcessor.class)
					.hasSingleBean(io.micrometer.tracing.Tracer.class);
				assertThat(context.getBean(Sampler.class).getDescription()).contains("TraceIdRatioBased{0.500000}");
				assertThat(context.getBean(Resource.class).getAttribute(AttributeKey.stringKey("service.name")))
					.isEqualTo("ours");
				assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider())
					.isSameAs(context.getBean(SdkTracerProvider.class));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSamplerConfiguration {

		@Bean
		Sampler userSampler() {
			return Sampler.alwaysOff();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResourceConfiguration {

		@Bean
		Resource userResource() {
			return Resource.create(io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"),
					"custom"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOpenTelemetryConfiguration {

		@Bean
		OpenTelemetry userOpenTelemetry() {
			return OpenTelemetry.noop();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracerProviderConfiguration {

		@Bean
		SdkTracerProvider userTracerProvider() {
			return SdkTracerProvider.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanExporterConfiguration {

		@Bean
		InMemorySpanExporter userSpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanProcessorConfiguration {

		final InMemorySpanExporter memory = InMemorySpanExporter.create();

		@Bean
		SpanProcessor userSpanProcessor() {
			return SimpleSpanProcessor.create(this.memory);
		}

		@Bean
		TracerProviderCustomizer limits() {
			return (builder) -> builder.setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(3).build());
		}

	}

}
