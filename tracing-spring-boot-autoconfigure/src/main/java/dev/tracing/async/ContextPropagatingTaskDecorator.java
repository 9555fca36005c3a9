package dev.tracing.async;

import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task in the OpenTelemetry context that was current when it was submitted, then restores the worker
 * thread's own, so nothing leaks into the next task on a pooled thread. Composes with a decorator already set.
 */
public final class ContextPropagatingTaskDecorator implements TaskDecorator {

	private final @Nullable TaskDecorator delegate;

	public ContextPropagatingTaskDecorator() {
		this(null);
	}

	public ContextPropagatingTaskDecorator(@Nullable TaskDecorator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Runnable decorated = (this.delegate != null) ? this.delegate.decorate(runnable) : runnable;
		return Context.current().wrap(decorated);
	}

}
