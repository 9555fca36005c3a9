package dev.tracing.autoconfigure.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.logging.LogCorrelation;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts trace and span ids in the logs, when tracing is enabled: installs {@link LogCorrelation} with the keys of
 * {@code tracing.logging.mdc.*} (bound here, through the same properties class, because the hook must be in place
 * before any bean exists), tells Spring Boot to expect correlation ids (its default pattern then shows
 * {@code [traceId,spanId]} from the MDC) and, when the keys are renamed, points the correlation pattern at them.
 * Added last, so the application's own logging properties win. With {@code tracing.enabled=false} it does nothing.
 */
class LogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("tracing.enabled", Boolean.class, true)) {
			return;
		}
		TracingProperties.Mdc mdc = Binder.get(environment)
			.bind("tracing.logging.mdc", TracingProperties.Mdc.class)
			.orElseGet(TracingProperties.Mdc::new);
		LogCorrelation.install(mdc.getTraceIdKey(), mdc.getSpanIdKey());
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("logging.expect-correlation-id", true);
		if (!mdc.getTraceIdKey().equals("traceId") || !mdc.getSpanIdKey().equals("spanId")) {
			properties.put("logging.pattern.correlation",
					"[%X{" + mdc.getTraceIdKey() + ":-},%X{" + mdc.getSpanIdKey() + ":-}] ");
		}
		environment.getPropertySources().addLast(new MapPropertySource("tracingLogCorrelation", properties));
	}

}
