package dev.tracing.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tracing.export.BoundedBatchSpanProcessor;
import dev.tracing.export.ExportStatistics;
import dev.tracing.export.MonitoredSpanExporter;
import dev.tracing.redaction.Redactor;
import dev.tracing.redaction.RedactingSpanExporter;
import dev.tracing.sampling.RatioSampler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanLimitsBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the OpenTelemetry SDK for tracing: resource, sampler, batch span processor, tracer provider
 * and the {@link OpenTelemetry} bean.
 * <p>
 * Runs before Spring Boot's own OpenTelemetry auto-configurations, whose beans back off when ours exist, so an
 * application with both on the class path still has exactly one {@link SdkTracerProvider}, configured by
 * {@code tracing.*}. The SDK is never registered as {@code GlobalOpenTelemetry}: it is a bean and closes with the
 * context.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ OpenTelemetrySdk.class, SdkTracerProvider.class })
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(TracingProperties.class)
@Import(BootTracerProviderCustomizers.class)
public final class TracingAutoConfiguration {

	static final String INSTRUMENTATION_SCOPE = "dev.tracing";

	@Bean
	@ConditionalOnMissingBean
	Resource tracingResource(TracingProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties, ApplicationContext context) {
		return new TracingResourceFactory(properties, environment, new ApplicationVersion(buildProperties, context))
			.create();
	}

	@Bean
	@ConditionalOnMissingBean
	Sampler tracingSampler(TracingProperties properties) {
		TracingProperties.Sampling sampling = properties.getSampling();
		if (sampling.isParentBased()) {
			return new RatioSampler(sampling.getRatio());
		}
		if (sampling.getRatio() >= 1.0) {
			return Sampler.alwaysOn();
		}
		return (sampling.getRatio() <= 0.0) ? Sampler.alwaysOff() : Sampler.traceIdRatioBased(sampling.getRatio());
	}

	@Bean
	@ConditionalOnMissingBean
	ExportStatistics tracingExportStatistics() {
		return new ExportStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tracing.redaction.enabled", matchIfMissing = true)
	Redactor tracingRedactor(TracingProperties properties) {
		TracingProperties.Redaction redaction = properties.getRedaction();
		return new Redactor(redaction.getKeys(), redaction.getPatterns());
	}

	// Exports to every SpanExporter bean, masking secrets first and counting the outcome.
	// The tracer provider owns the processor and shuts it down; a second shutdown by the context would only log.
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	@ConditionalOnBean(SpanExporter.class)
	BatchSpanProcessor tracingSpanProcessor(TracingProperties properties, ObjectProvider<SpanExporter> exporters,
			ObjectProvider<Redactor> redactor, ExportStatistics statistics) {
		SpanExporter exporter = SpanExporter.composite(exporters.orderedStream().toList());
		Redactor available = redactor.getIfAvailable();
		if (available != null) {
			exporter = new RedactingSpanExporter(exporter, available);
		}
		return BatchSettings.builder(properties.getExport().getBatch(), new MonitoredSpanExporter(exporter, statistics))
			.build();
	}

	// Keeps the queue bound in front of our batch processor, so spans dropped on a full queue are counted.
	@Bean(destroyMethod = "")
	@ConditionalOnBean(name = "tracingSpanProcessor")
	BoundedBatchSpanProcessor tracingBoundedSpanProcessor(TracingProperties properties,
			BatchSpanProcessor tracingSpanProcessor, ExportStatistics statistics) {
		return new BoundedBatchSpanProcessor(tracingSpanProcessor, statistics,
				properties.getExport().getBatch().getMaxQueueSize());
	}

	// close() flushes what is queued, waiting at most 10 s, each export itself bounded by the export timeout.
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SdkTracerProvider tracingSdkTracerProvider(TracingProperties properties, Resource resource, Sampler sampler,
			ObjectProvider<SpanProcessor> processors, ObjectProvider<TracerProviderCustomizer> customizers) {
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
			.setResource(resource)
			.setSampler(sampler)
			.setSpanLimits(spanLimits(properties.getSpanLimits()));
		List<SpanProcessor> all = processors.orderedStream().toList();
		// A batch processor wrapped by a bounded one is reached through its wrapper only.
		Set<SpanProcessor> wrapped = all.stream()
			.filter(BoundedBatchSpanProcessor.class::isInstance)
			.map((processor) -> (SpanProcessor) ((BoundedBatchSpanProcessor) processor).getBatchSpanProcessor())
			.collect(Collectors.toSet());
		all.stream().filter((processor) -> !wrapped.contains(processor)).forEach(builder::addSpanProcessor);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	static SpanLimits spanLimits(TracingProperties.SpanLimits limits) {
		SpanLimitsBuilder builder = SpanLimits.builder()
			.setMaxNumberOfAttributes(limits.getMaxAttributes())
			.setMaxNumberOfEvents(limits.getMaxEvents())
			.setMaxNumberOfLinks(limits.getMaxLinks())
			.setMaxNumberOfAttributesPerEvent(limits.getMaxAttributesPerEvent())
			.setMaxNumberOfAttributesPerLink(limits.getMaxAttributesPerLink());
		Integer valueLength = limits.getMaxAttributeValueLength();
		if (valueLength != null) {
			builder.setMaxAttributeValueLength(valueLength);
		}
		return builder.build();
	}

	// The tracer provider bean closes itself; closing the SDK as well would shut it down twice.
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean(OpenTelemetry.class)
	OpenTelemetrySdk tracingOpenTelemetry(SdkTracerProvider tracerProvider,
			ObjectProvider<ContextPropagators> propagators) {
		OpenTelemetrySdkBuilder builder = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider);
		propagators.ifAvailable(builder::setPropagators);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	Tracer tracingTracer(OpenTelemetry openTelemetry) {
		return openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
	}

}
