package dev.tracing.autoconfigure.compatibility;

/**
 * Thrown at start-up when the application's Spring Boot line or its OpenTelemetry artifacts cannot work with the
 * starter. Carries what is wrong and what to do, for {@link IncompatibleClassPathFailureAnalyzer}.
 */
public class IncompatibleClassPathException extends RuntimeException {

	private final String action;

	IncompatibleClassPathException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
