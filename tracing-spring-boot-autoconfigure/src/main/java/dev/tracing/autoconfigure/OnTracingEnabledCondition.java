package dev.tracing.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Backs {@link ConditionalOnTracingEnabled} and reports which value of {@code tracing.enabled} decided.
 */
class OnTracingEnabledCondition extends SpringBootCondition {

	static final String PROPERTY = "tracing.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnTracingEnabled.class);
		Boolean enabled = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
		if (enabled == null) {
			return ConditionOutcome.match(message.because(PROPERTY + " is not set: tracing is enabled by default"));
		}
		return new ConditionOutcome(enabled, message.because(PROPERTY + " is " + enabled));
	}

}
