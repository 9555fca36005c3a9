package dev.tracing.autoconfigure.metrics;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import io.prometheus.metrics.tracer.common.SpanContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of exemplars for Prometheus metrics: with {@code micrometer-registry-prometheus}, Spring Boot's
 * Prometheus registry samples the trace and span id of the current sampled span into its histograms and counters
 * ({@code http.server.requests}, {@code http.client.requests} ...), shown in the OpenMetrics format.
 * <p>
 * Spring Boot does the same only with its {@code spring-boot-micrometer-tracing} module, which the starter does not
 * bring; when that module is present, its configuration backs off for ours.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, beforeName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration" })
@ConditionalOnClass(SpanContext.class)
@ConditionalOnTracingEnabled
public final class TracingExemplarsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SpanContext.class)
	SampledSpanExemplarContext sampledSpanExemplarContext() {
		return new SampledSpanExemplarContext();
	}

}
