package dev.tracing.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a bad {@code tracing.*} value: the property, the value, where it came from and what is allowed. Covers
 * values rejected by {@link TracingProperties#validate} and values that cannot be converted at all, such as an
 * unknown protocol.
 */
class TracingPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String PREFIX = "tracing";

	private final @Nullable Environment environment;

	// Spring Boot passes the environment when there is one.
	TracingPropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's generic bind analyzers, which would otherwise claim the failure first.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!cause.getName().toString().equals(PREFIX) && !cause.getName().toString().startsWith(PREFIX + ".")) {
			return null;
		}
		List<Problem> problems = (cause.getCause() instanceof BindValidationException validation)
				? validationProblems(validation) : conversionProblem(cause);
		if (problems.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid tracing configuration:\n");
		for (Problem problem : problems) {
			description.append("\n    Property: ").append(problem.property());
			description.append("\n    Value: \"").append(problem.value()).append('"');
			if (problem.origin() != null) {
				description.append("\n    Origin: ").append(problem.origin());
			}
			description.append("\n    Allowed: ").append(problem.allowed()).append('\n');
		}
		String properties = problems.stream().map(Problem::property).distinct().collect(Collectors.joining(", "));
		String variables = problems.stream()
			.map(Problem::origin)
			.filter(OtelEnvironmentPostProcessor.VariableOrigin.class::isInstance)
			.map((origin) -> ((OtelEnvironmentPostProcessor.VariableOrigin) origin).variable())
			.distinct()
			.collect(Collectors.joining(", "));
		String action = variables.isEmpty()
				? "Correct " + properties + " in your configuration."
				: "Correct the environment variable " + variables + ", or set " + properties + ", which wins.";
		return new FailureAnalysis(description.toString(),
				action + " Every tracing.* property is described in the starter's docs/configuration.md.", cause);
	}

	private List<Problem> validationProblems(BindValidationException validation) {
		List<Problem> problems = new ArrayList<>();
		for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
			if (error instanceof FieldError field) {
				String property = PREFIX + "." + field.getField();
				Origin origin = Origin.from(field);
				problems.add(new Problem(property, asWritten(field.getRejectedValue()),
						(origin != null) ? origin : originOf(property), String.valueOf(field.getDefaultMessage())));
			}
		}
		return problems;
	}

	// Boot tracks origins of validation errors for direct fields only; nested ones are looked up here.
	private @Nullable Origin originOf(String property) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

	// Show a bound Duration as users write it ("-1s"), not as ISO-8601 ("PT-1S").
	private static String asWritten(@Nullable Object value) {
		if (value instanceof Duration duration) {
			ChronoUnit unit = (duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
			return DurationStyle.SIMPLE.print(duration, unit);
		}
		return String.valueOf(value);
	}

	private List<Problem> conversionProblem(BindException cause) {
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		ConfigurationProperty property = cause.getProperty();
		if (conversion == null || property == null) {
			return List.of();
		}
		Class<?> target = conversion.getTargetType().getType();
		String allowed = (target.isEnum()) ? "one of " + Arrays.stream(target.getEnumConstants())
			.map((constant) -> "'" + constant + "'")
			.collect(Collectors.joining(", ")) : "a value of type " + target.getSimpleName();
		return List.of(new Problem(property.getName().toString(), String.valueOf(property.getValue()),
				property.getOrigin(), allowed));
	}

	private record Problem(String property, String value, @Nullable Origin origin, String allowed) {
	}

}
