package dev.tracing.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a malformed OpenTelemetry environment variable: its name, its value (header values masked) and what is
 * allowed.
 */
class OtelEnvironmentFailureAnalyzer extends AbstractFailureAnalyzer<OtelEnvironmentException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, OtelEnvironmentException cause) {
		StringBuilder description = new StringBuilder("Invalid OpenTelemetry environment variable:\n");
		for (OtelEnvironmentVariables.Problem problem : cause.getProblems()) {
			description.append("\n    Variable: ").append(problem.variable());
			description.append("\n    Value: \"").append(problem.value()).append('"');
			description.append("\n    Allowed: ").append(problem.allowed()).append('\n');
		}
		String variables = cause.getProblems()
			.stream()
			.map(OtelEnvironmentVariables.Problem::variable)
			.distinct()
			.collect(Collectors.joining(", "));
		return new FailureAnalysis(description.toString(), "Correct or unset " + variables
				+ " in the environment of the process, or set the matching tracing.* property, which wins. The "
				+ "variables the starter reads are listed in its docs/configuration.md.", cause);
	}

}
