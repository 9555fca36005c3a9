package dev.tracing.autoconfigure.web.client;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import dev.tracing.web.client.HttpClientTracing;
import dev.tracing.web.client.WebClientTracing;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Auto-configuration of client spans and trace-context propagation for RestTemplate, RestClient and WebClient built
 * from Spring Boot's builders ({@code tracing.http.client.spans=false}: propagation alone). Customizers are additive
 * contributions: they do not back off, and applying them twice keeps one interceptor or initializer.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.http.client.enabled", matchIfMissing = true)
@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class })
public final class TracingHttpClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpClientTracing httpClientTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
		HostExclusion excludedHosts = HostExclusion.of(properties.getPropagation().getExcludeHosts());
		if (!properties.getHttp().getClient().isSpans()) {
			return HttpClientTracing.propagationOnly(openTelemetry, excludedHosts);
		}
		return new HttpClientTracing(openTelemetry, excludedHosts,
				new QueryRedactor(properties.getHttp().getQueryAllowlist()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplateCustomizer.class)
	static class RestTemplateTracingConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		RestTemplateCustomizer tracingRestTemplateCustomizer(HttpClientTracing tracing) {
			return tracing::instrument;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientTracingConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		RestClientCustomizer tracingRestClientCustomizer(HttpClientTracing tracing) {
			return tracing::instrument;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class,
			org.springframework.web.reactive.function.client.WebClient.class })
	static class WebClientTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebClientTracing webClientTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
			HostExclusion excludedHosts = HostExclusion.of(properties.getPropagation().getExcludeHosts());
			if (!properties.getHttp().getClient().isSpans()) {
				return WebClientTracing.propagationOnly(openTelemetry, excludedHosts);
			}
			return new WebClientTracing(openTelemetry, excludedHosts,
					new QueryRedactor(properties.getHttp().getQueryAllowlist()));
		}

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebClientCustomizer tracingWebClientCustomizer(WebClientTracing tracing) {
			return tracing::instrument;
		}

	}

}
