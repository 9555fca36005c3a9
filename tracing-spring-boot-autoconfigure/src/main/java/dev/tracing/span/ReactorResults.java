package dev.tracing.span;

import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor support, kept apart so that {@link AsyncResults} loads without Reactor on the class path.
 */
final class ReactorResults {

	private ReactorResults() {
	}

	static boolean isReactive(@Nullable Object result) {
		return result instanceof Mono<?> || result instanceof Flux<?>;
	}

	// Ended before the subscriber sees the outcome, so that a span ended by that subscriber never ends first.
	static Object endOnTermination(Object result, Span span) {
		if (result instanceof Mono<?> mono) {
			return mono.doOnError((ex) -> Spans.fail(span, ex)).doOnTerminate(span::end).doOnCancel(span::end);
		}
		return ((Flux<?>) result).doOnError((ex) -> Spans.fail(span, ex))
			.doOnTerminate(span::end)
			.doOnCancel(span::end);
	}

}
