package dev.tracing.autoconfigure.migration;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applies {@link BootTracingProperties}: Spring Boot's tracing keys with a {@code tracing.*} equivalent become that
 * key, in a property source added last (so that {@code tracing.*}, set anywhere, wins); the others are named in one
 * warning at start-up. Does nothing with {@code tracing.enabled=false}, where Spring Boot's own tracing may be what
 * the application uses.
 */
class BootTracingPropertiesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "tracingFromSpringBootProperties";

	private final Log logger;

	BootTracingPropertiesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(BootTracingPropertiesEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// After the application's configuration files are loaded, and before the OTEL_* variables are mapped
		// (OtelEnvironmentPostProcessor, LOWEST_PRECEDENCE - 100): Spring Boot's keys, set by the application, win
		// over what the platform injects.
		return Ordered.LOWEST_PRECEDENCE - 200;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		BootTracingProperties migration = BootTracingProperties.of(environment);
		if (!migration.mapped().isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, migration.mapped()));
		}
		if (!environment.getProperty("tracing.enabled", Boolean.class, true)) {
			return;
		}
		if (!migration.mapped().isEmpty()) {
			this.logger.info("Spring Boot tracing settings applied through tracing.*: " + migration.mapped().keySet());
		}
		if (!migration.reports().isEmpty()) {
			this.logger.warn("Spring Boot tracing settings the tracing starter does not apply:\n    "
					+ String.join("\n    ", migration.reports()));
		}
	}

}
