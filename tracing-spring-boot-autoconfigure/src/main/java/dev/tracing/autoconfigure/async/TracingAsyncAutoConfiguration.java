package dev.tracing.autoconfigure.async;

import dev.tracing.async.ExecutorContextPropagation;
import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import io.opentelemetry.context.Context;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Auto-configuration of trace context propagation: {@code @Async} methods, executor and scheduler beans,
 * {@code CompletableFuture}s run on them, and virtual threads carry the current trace without user code.
 */
@AutoConfiguration
@ConditionalOnClass({ Context.class, ThreadPoolTaskExecutor.class })
@ConditionalOnTracingEnabled
public final class TracingAsyncAutoConfiguration {

	// Static: a post-processor must not drag its configuration class into early creation.
	@Bean
	static ExecutorContextPropagation tracingExecutorContextPropagation() {
		return new ExecutorContextPropagation();
	}

}
