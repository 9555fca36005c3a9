package dev.tracing.viewer.query;

/**
 * Thrown for a query parameter that cannot be used: answered with 400 and a message
 * naming the parameter.
 */
final class InvalidQueryException extends RuntimeException {

	InvalidQueryException(String parameter, String reason) {
		super("Invalid parameter '" + parameter + "': " + reason);
	}

}
