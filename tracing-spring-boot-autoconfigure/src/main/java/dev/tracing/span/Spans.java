package dev.tracing.span;

import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Runs work in a span, in one line:
 * <pre class="code">
 * PaymentIntent intent = spans.call("provider_charge", Map.of("stripe.payment_method", methodId), (span) -> {
 *     PaymentIntent created = stripe.charge(amount, methodId);
 *     span.setAttribute("stripe.payment_intent_id", created.id());
 *     return created;
 * });
 * </pre>
 * The span is a child of the current span and is current while the work runs. An exception is recorded on the span,
 * which gets ERROR status, and is rethrown unchanged (checked exceptions included). The span always ends: when the
 * work returns, or, when it returns a {@code CompletionStage}, {@code Mono} or {@code Flux}, when that completes.
 * Status stays UNSET on success, as OpenTelemetry recommends: a backend treats UNSET as success.
 */
public final class Spans {

	private final Tracer tracer;

	public Spans(OpenTelemetry openTelemetry) {
		this.tracer = openTelemetry.getTracer("dev.tracing.span");
	}

	public <T, E extends Throwable> T call(String name, SpanCallable<T, E> work) throws E {
		return call(name, Map.of(), work);
	}

	public <T, E extends Throwable> T call(String name, Map<String, ?> attributes, SpanCallable<T, E> work) throws E {
		return callWith(start(name, SpanKind.INTERNAL, attributes), work);
	}

	public <E extends Throwable> void run(String name, SpanRunnable<E> work) throws E {
		run(name, Map.of(), work);
	}

	public <E extends Throwable> void run(String name, Map<String, ?> attributes, SpanRunnable<E> work) throws E {
		callWith(start(name, SpanKind.INTERNAL, attributes), (span) -> {
			work.run(span);
			return null;
		});
	}

	Span start(String name, SpanKind kind, Map<String, ?> attributes) {
		SpanBuilder builder = this.tracer.spanBuilder(name).setSpanKind(kind);
		attributes.forEach((key, value) -> SpanAttributes.set(builder, key, value));
		return builder.startSpan();
	}

	<T, E extends Throwable> T callWith(Span span, SpanCallable<T, E> work) throws E {
		T result;
		try (Scope ignored = span.makeCurrent()) {
			result = work.call(span);
		}
		catch (Throwable ex) {
			fail(span, ex);
			span.end();
			throw ex;
		}
		return AsyncResults.endWhenComplete(result, span);
	}

	static void fail(Span span, @Nullable Throwable ex) {
		if (ex != null) {
			span.recordException(ex);
			span.setAttribute("error.type", ex.getClass().getName());
			span.setStatus(StatusCode.ERROR, String.valueOf(ex.getMessage()));
		}
	}

}
