package dev.tracing.viewer.ingest;

/**
 * Thrown when an export request cannot be decoded: answered with 400.
 */
final class InvalidOtlpRequestException extends Exception {

	InvalidOtlpRequestException(String message) {
		super(message);
	}

	InvalidOtlpRequestException(String message, Throwable cause) {
		super(message, cause);
	}

}
