package dev.tracing.logging;

import java.util.function.Supplier;

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
 * scope puts back what was there. Outside a trace the keys are absent.
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
		if (span.isValid()) {
			MDC.put(traceIdKey, span.getTraceId());
			MDC.put(spanIdKey, span.getSpanId());
		}
		else {
			MDC.remove(traceIdKey);
			MDC.remove(spanIdKey);
		}
		return () -> {
			scope.close();
			restore(traceIdKey, previousTraceId);
			restore(spanIdKey, previousSpanId);
		};
	}

	private static void restore(String key, @Nullable String previous) {
		if (previous != null) {
			MDC.put(key, previous);
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
