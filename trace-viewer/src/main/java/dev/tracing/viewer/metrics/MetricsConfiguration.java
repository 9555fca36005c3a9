package dev.tracing.viewer.metrics;

import java.time.Clock;

import dev.tracing.viewer.ViewerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The span metrics, fed by the trace store.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	SpanMetrics spanMetrics(ViewerProperties properties) {
		ViewerProperties.Metrics metrics = properties.getMetrics();
		return new SpanMetrics(metrics.getResolution(), metrics.getRetention(), metrics.getMaxSeries(),
				Clock.systemUTC());
	}

}
