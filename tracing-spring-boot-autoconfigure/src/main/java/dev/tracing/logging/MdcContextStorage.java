package dev.tracing.logging;

import java.util.Objects;
import java.util.function.Supplier;

import dev.tracing.sampling.Untraced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Keeps the logging MDC in step with the current OpenTelemetry context: whenever a context is made current, by our
 * instrumentation, the OpenTelemetry API or Micrometer, its trace and span ids go into the MDC, and closing the
 * scope puts back what was there. Outside a trace, and in {@link Untraced} work, the keys are absent.
 */
final class MdcContextStorage implements ContextStorage {

	private final ContextStorage delegate;

	private final Supplier<MdcKeys> keys;

	MdcContextStorage(ContextStorage delegate, Supplier<MdcKeys> keys) {
		this.delegate = delegate;
		this.keys = keys;
	}

	@Override
	public Scope attach(Context toAttach) {
		MdcKeys keys = this.keys.get();
		String traceIdKey = keys.traceId();
		String spanIdKey = keys.spanId();
		String previousTraceId = MDC.get(traceIdKey);
		String previousSpanId = MDC.get(spanIdKey);
		SpanContext span = Span.fromContext(toAttach).getSpanContext();
		Scope scope = this.delegate.attach(toAttach);
		if (scope == Scope.noop()) {
			return scope;
		}
		boolean shown = span.isValid() && !Untraced.is(span);
		String traceId = shown ? span.getTraceId() : null;
		String spanId = shown ? span.getSpanId() : null;
		// Often the same span again (a nested scope, a call that made no span of its own): the MDC is already right.
		if (Objects.equals(traceId, previousTraceId) && Objects.equals(spanId, previousSpanId)) {
			return scope;
		}
		put(traceIdKey, traceId);
		put(spanIdKey, spanId);
		return () -> {
			scope.close();
			put(traceIdKey, previousTraceId);
			put(spanIdKey, previousSpanId);
		};
	}

	private static void put(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

	@Override
	public @Nullable Context current() {
		return this.delegate.current();
	}

	@Override
	public Context root() {
		return this.delegate.root();
	}

}
