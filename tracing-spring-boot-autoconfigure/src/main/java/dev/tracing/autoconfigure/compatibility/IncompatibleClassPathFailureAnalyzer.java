package dev.tracing.autoconfigure.compatibility;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints an {@link IncompatibleClassPathException} as Spring Boot prints failure analyses: what is wrong, and the
 * action.
 */
class IncompatibleClassPathFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleClassPathException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleClassPathException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
