package dev.tracing.autoconfigure.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tracing.logging.LogCorrelation;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts trace and span ids in the default console pattern: tells Spring Boot to expect correlation ids (its default
 * pattern then shows {@code [traceId,spanId]} from the MDC), and, when {@code tracing.logging.mdc.*} renames the MDC
 * keys, points the correlation pattern at the new keys. Added last, so the application's own logging properties win.
 */
class LogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String TRACE_ID_KEY = "tracing.logging.mdc.trace-id-key";

	static final String SPAN_ID_KEY = "tracing.logging.mdc.span-id-key";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty("tracing.enabled", Boolean.class, true);
		String traceIdKey = environment.getProperty(TRACE_ID_KEY, "traceId");
		String spanIdKey = environment.getProperty(SPAN_ID_KEY, "spanId");
		LogCorrelation.install();
		LogCorrelation.useKeys(traceIdKey, spanIdKey);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("logging.expect-correlation-id", enabled);
		if (!traceIdKey.equals("traceId") || !spanIdKey.equals("spanId")) {
			properties.put("logging.pattern.correlation", "[%X{" + traceIdKey + ":-},%X{" + spanIdKey + ":-}] ");
		}
		environment.getPropertySources().addLast(new MapPropertySource("tracingLogCorrelation", properties));
	}

}
