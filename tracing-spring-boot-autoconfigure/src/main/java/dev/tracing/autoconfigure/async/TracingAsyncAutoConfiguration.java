package dev.tracing.autoconfigure.async;

import dev.tracing.async.TraceContextTaskDecorator;
import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import io.opentelemetry.context.Context;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;

/**
 * Auto-configuration of trace context propagation: {@code @Async} methods, the executors and schedulers Spring Boot
 * builds, {@code CompletableFuture}s run on them, and virtual threads carry the current trace without user code.
 * <p>
 * Through public API only: a {@link TaskDecorator} bean, which Spring Boot composes with the application's own
 * decorator beans and applies to every executor and scheduler its builders make. Ordered last, so it is the
 * outermost: the application's decorators run inside the submitter's trace context.
 */
@AutoConfiguration
@ConditionalOnClass({ Context.class, TaskDecorator.class })
@ConditionalOnTracingEnabled
public final class TracingAsyncAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.LOWEST_PRECEDENCE)
	TraceContextTaskDecorator traceContextTaskDecorator() {
		return new TraceContextTaskDecorator();
	}

}
