package dev.tracing.test.autoconfigure;

import dev.tracing.test.CapturedSpans;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Forgets the spans captured before each test method (those of the application's start-up and of earlier tests
 * sharing the cached context), so each test sees only its own. Does nothing for a test without an application
 * context or without {@link CapturedSpans}.
 */
public final class CapturedSpansResetTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext().getBeanProvider(CapturedSpans.class).ifAvailable(CapturedSpans::reset);
		}
	}

}
