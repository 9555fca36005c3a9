package dev.tracing.span;

import java.util.concurrent.CompletionStage;

import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Ends a span when the work's result is complete: at once for a plain value, on completion for a
 * {@link CompletionStage}, on termination or cancellation for a Reactor {@code Mono} or {@code Flux}.
 */
final class AsyncResults {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			AsyncResults.class.getClassLoader());

	private AsyncResults() {
	}

	@SuppressWarnings("unchecked")
	static <T extends @Nullable Object> T endWhenComplete(T result, Span span) {
		if (result instanceof CompletionStage<?> stage) {
			// The caller keeps the original stage, so cancelling or completing it behaves as without tracing.
			stage.whenComplete((value, failure) -> {
				Spans.fail(span, unwrap(failure));
				span.end();
			});
			return result;
		}
		if (REACTOR_PRESENT && result != null && ReactorResults.isReactive(result)) {
			return (T) ReactorResults.endOnTermination(result, span);
		}
		span.end();
		return result;
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}
