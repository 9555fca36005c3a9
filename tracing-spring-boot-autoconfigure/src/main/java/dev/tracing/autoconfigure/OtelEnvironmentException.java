package dev.tracing.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * OpenTelemetry environment variables with values that cannot be honoured; analyzed by
 * {@link OtelEnvironmentFailureAnalyzer}.
 */
class OtelEnvironmentException extends IllegalStateException {

	private final List<OtelEnvironmentVariables.Problem> problems;

	OtelEnvironmentException(List<OtelEnvironmentVariables.Problem> problems) {
		super("Invalid OpenTelemetry environment variables: " + problems.stream()
			.map(OtelEnvironmentVariables.Problem::variable)
			.collect(Collectors.joining(", ")));
		this.problems = List.copyOf(problems);
	}

	List<OtelEnvironmentVariables.Problem> getProblems() {
		return this.problems;
	}

}
