package dev.tracing.async;

import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task in the OpenTelemetry context that was current when it was submitted, then restores the worker
 * thread's own, so nothing leaks into the next task on a pooled thread.
 * <p>
 * The starter declares one as a bean: Spring Boot applies every {@link TaskDecorator} bean, composed, to the
 * executors and schedulers it builds ({@code @Async}'s {@code applicationTaskExecutor}, virtual-thread executors,
 * the {@code @Scheduled} scheduler) and to those built with its {@code ThreadPoolTaskExecutorBuilder},
 * {@code SimpleAsyncTaskExecutorBuilder}, {@code ThreadPoolTaskSchedulerBuilder} and
 * {@code SimpleAsyncTaskSchedulerBuilder}. For an executor constructed by hand, set it yourself, around a decorator
 * of your own if you have one: {@code executor.setTaskDecorator(new TraceContextTaskDecorator(yours))}.
 */
public final class TraceContextTaskDecorator implements TaskDecorator {

	private final @Nullable TaskDecorator delegate;

	public TraceContextTaskDecorator() {
		this(null);
	}

	/**
	 * Create a decorator that runs another one inside the submitter's context.
	 * @param delegate the decorator to apply first, or {@code null}
	 */
	public TraceContextTaskDecorator(@Nullable TaskDecorator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Runnable decorated = (this.delegate != null) ? this.delegate.decorate(runnable) : runnable;
		return Context.current().wrap(decorated);
	}

}
