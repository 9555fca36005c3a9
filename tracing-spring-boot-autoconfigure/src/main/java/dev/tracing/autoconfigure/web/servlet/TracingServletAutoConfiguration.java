package dev.tracing.autoconfigure.web.servlet;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.web.QueryRedactor;
import dev.tracing.web.servlet.SkipPatterns;
import dev.tracing.web.servlet.TracingFilter;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Auto-configuration of server spans for servlet web applications: the {@link TracingFilter}, registered first in
 * the filter chain so the span covers every other filter.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class, HandlerMapping.class })
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.http.server.enabled", matchIfMissing = true)
@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class })
public final class TracingServletAutoConfiguration {

	@Bean
	@ConditionalOnMissingFilterBean(TracingFilter.class)
	FilterRegistrationBean<TracingFilter> tracingFilterRegistration(OpenTelemetry openTelemetry,
			TracingProperties properties, Environment environment) {
		TracingProperties.Server server = properties.getHttp().getServer();
		// Spring Boot's own setting of whom to trust for the client's address: with "framework" every Forwarded /
		// X-Forwarded-For header is trusted; with "native" the container has already rewritten the remote address.
		boolean forwardedHeadersTrusted = "framework"
			.equalsIgnoreCase(environment.getProperty("server.forward-headers-strategy", ""));
		TracingFilter filter = new TracingFilter(openTelemetry, new SkipPatterns(server.getSkipPatterns()),
				server.isTrustIncomingContext(), new QueryRedactor(properties.getHttp().getQueryAllowlist()),
				server.isTraceResponse(), forwardedHeadersTrusted);
		FilterRegistrationBean<TracingFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("tracingFilter");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

}
