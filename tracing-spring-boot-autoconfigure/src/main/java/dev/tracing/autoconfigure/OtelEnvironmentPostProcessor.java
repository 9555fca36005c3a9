package dev.tracing.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Maps the OpenTelemetry environment variables that apply to traces ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_TRACES_SAMPLER}, …) onto {@code tracing.*}, in a property source of the lowest precedence: a
 * {@code tracing.*} property set anywhere (application.yml, a {@code TRACING_*} environment variable, a command-line
 * argument) wins, and a variable is read only where no such property is set. Runs after the application's
 * configuration files are loaded, so it sees them.
 * <p>
 * Behaves the same on every Spring Boot line: it reads the variables itself, whether or not Boot maps them onto its
 * own {@code management.*} properties. A malformed value stops start-up with an {@link OtelEnvironmentException}
 * naming the variable.
 */
class OtelEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "tracingOtelEnvironmentVariables";

	private final Log logger;

	OtelEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(OtelEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// After the configuration files, and after whatever else adds properties, so that all are seen.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		if ("false".equalsIgnoreCase(environment.getProperty("tracing.enabled"))) {
			return;
		}
		OtelEnvironmentVariables.Result result = OtelEnvironmentVariables
			.read((name) -> variable(environment, name), (property) -> isSet(sources, property));
		if (!result.problems().isEmpty()) {
			throw new OtelEnvironmentException(result.problems());
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		for (OtelEnvironmentVariables.Mapped mapped : result.properties()) {
			properties.put(mapped.property(),
					OriginTrackedValue.of(mapped.value(), new VariableOrigin(mapped.variable())));
		}
		if (!properties.isEmpty()) {
			environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME,
					properties, true));
			this.logger.info("Tracing configured by OpenTelemetry environment variables: " + String.join(", ",
					result.properties().stream().map(OtelEnvironmentVariables.Mapped::variable).distinct().toList()));
		}
		if (!result.overridden().isEmpty()) {
			this.logger.info("OpenTelemetry environment variables overridden by tracing.* properties: "
					+ String.join(", ", result.overridden()));
		}
		result.notices().forEach(this.logger::warn);
		List<String> others = OtelEnvironmentVariables.otherSignals(environment.getSystemEnvironment().keySet());
		if (!others.isEmpty()) {
			this.logger.info("OpenTelemetry environment variables of other signals or of the Java agent, not used by "
					+ "the tracing starter: " + String.join(", ", others));
		}
		List<String> unknown = OtelEnvironmentVariables.unknown(environment.getSystemEnvironment().keySet());
		if (!unknown.isEmpty()) {
			this.logger.warn("OpenTelemetry environment variables not known to the tracing starter, ignored: "
					+ String.join(", ", unknown) + ". The variables it reads are listed in its docs/configuration.md.");
		}
	}

	// The raw value, without placeholder resolution: a header value may contain '${'.
	private static @Nullable String variable(ConfigurableEnvironment environment, String name) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source.getSource() instanceof Iterable<?>) {
				continue; // Spring Boot's attached view of all sources
			}
			Object value = source.getProperty(name);
			if (value != null) {
				return value.toString();
			}
		}
		return null;
	}

	private static boolean isSet(Iterable<ConfigurationPropertySource> sources, String property) {
		String canonical = property.toLowerCase(Locale.ROOT).replace("[", ".").replace("]", "");
		if (!ConfigurationPropertyName.isValid(canonical)) {
			return false;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(canonical);
		for (ConfigurationPropertySource source : sources) {
			if (source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where a {@code tracing.*} value came from: shown by the failure analysis of a bad value.
	 */
	record VariableOrigin(String variable) implements Origin {

		@Override
		public String toString() {
			return "OpenTelemetry environment variable " + this.variable;
		}

	}

}
