package dev.tracing.autoconfigure.actuate;

import dev.tracing.actuate.TracingExportMetrics;
import dev.tracing.actuate.TracingHealthIndicator;
import dev.tracing.actuate.TracingInfoContributor;
import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.export.DeferredSpanExporter;
import dev.tracing.export.ExportStatistics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the exporter's visibility: the {@code tracing} health and info contributions and the
 * {@code tracing.spans.*} meters, each when its part of Spring Boot is present.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnTracingEnabled
@ConditionalOnBean(ExportStatistics.class)
public final class TracingActuatorAutoConfiguration {

	static String describe(ObjectProvider<SpanExporter> exporters) {
		return exporters.orderedStream()
			// The exporter a deferred one will build, named without building it.
			.map((exporter) -> (exporter instanceof DeferredSpanExporter deferred) ? deferred.getExporterType()
					: exporter.getClass())
			.map(Class::getSimpleName)
			.reduce((first, second) -> first + ", " + second)
			.orElse("none");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("tracing")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tracingHealthIndicator")
		TracingHealthIndicator tracingHealthIndicator(ExportStatistics statistics,
				ObjectProvider<SpanExporter> exporters) {
			return new TracingHealthIndicator(statistics, describe(exporters));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(InfoContributor.class)
	@ConditionalOnEnabledInfoContributor("tracing")
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tracingInfoContributor")
		TracingInfoContributor tracingInfoContributor(ExportStatistics statistics,
				ObjectProvider<SpanExporter> exporters) {
			return new TracingInfoContributor(statistics, describe(exporters));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TracingExportMetrics tracingExportMetrics(ExportStatistics statistics) {
			return new TracingExportMetrics(statistics);
		}

	}

}
