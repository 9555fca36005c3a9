package dev.tracing.rabbit;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;

/**
 * First advice of a listener container's chain: a CONSUMER span around each message (or batch) the listener
 * processes, current while it runs, so the listener's own spans are its children and the baggage is there. Advice
 * later in the chain (Spring Boot's stateless retry) runs inside it.
 */
final class TracingListenerAdvice implements MethodInterceptor {

	private final RabbitSpans spans;

	TracingListenerAdvice(RabbitSpans spans) {
		this.spans = spans;
	}

	// aopalliance declares invoke's result @Nullable as a type-use annotation, which NullAway does not read
	// from its class file
	@SuppressWarnings("NullAway")
	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		Object data = (arguments.length == 2) ? arguments[1] : null;
		Context context = null;
		try {
			if (data instanceof Message message) {
				context = this.spans.startProcess(message);
			}
			else if (data instanceof List<?> messages) {
				context = this.spans.startBatch(messages);
			}
		}
		catch (RuntimeException ex) {
			// Tracing never stops a delivery
		}
		if (context == null) {
			return invocation.proceed();
		}
		Span span = Span.fromContext(context);
		try (Scope ignored = context.makeCurrent()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			RabbitSpans.failed(span, ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
