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

	static Object endOnTermination(Object result, Span span) {
		if (result instanceof Mono<?> mono) {
			return mono.doOnError((ex) -> Spans.fail(span, ex)).doFinally((signal) -> span.end());
		}
		return ((Flux<?>) result).doOnError((ex) -> Spans.fail(span, ex)).doFinally((signal) -> span.end());
	}

}
