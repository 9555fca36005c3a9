package dev.tracing.span;

import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
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

	public <T extends @Nullable Object, E extends Throwable> T call(String name, SpanCallable<T, E> work) throws E {
		return call(name, Map.of(), work);
	}

	public <T extends @Nullable Object, E extends Throwable> T call(String name, Map<String, ?> attributes,
			SpanCallable<T, E> work) throws E {
		return callWith(start(name, SpanKind.INTERNAL, attributes), work);
	}

	public <E extends Throwable> void run(String name, SpanRunnable<E> work) throws E {
		run(name, Map.of(), work);
	}

	public <E extends Throwable> void run(String name, Map<String, ?> attributes, SpanRunnable<E> work) throws E {
		this.<@Nullable Void, E>callWith(start(name, SpanKind.INTERNAL, attributes), (span) -> {
			work.run(span);
			return null;
		});
	}

	Span start(String name, SpanKind kind, Map<String, ?> attributes) {
		SpanBuilder builder = this.tracer.spanBuilder(name).setSpanKind(kind);
		attributes.forEach((key, value) -> SpanAttributes.set(builder, key, value));
		return builder.startSpan();
	}

	<T extends @Nullable Object, E extends Throwable> T callWith(Span span, SpanCallable<T, E> work) throws E {
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

	/**
	 * Records a failure on a span. Guarded: an exception whose {@code getMessage()} or {@code toString()} throws
	 * is recorded by its type alone, and the application's exception always goes on unchanged.
	 * @param span the span
	 * @param ex the failure, or {@code null} for none
	 */
	static void fail(Span span, @Nullable Throwable ex) {
		if (ex == null) {
			return;
		}
		String type = ex.getClass().getName();
		try {
			span.recordException(ex);
		}
		catch (RuntimeException | StackOverflowError | LinkageError recordingFailed) {
			span.addEvent("exception", Attributes.of(ExceptionAttributes.EXCEPTION_TYPE, type));
		}
		span.setAttribute(ErrorAttributes.ERROR_TYPE, type);
		String message;
		try {
			message = ex.getMessage();
		}
		catch (RuntimeException | StackOverflowError | LinkageError messageFailed) {
			message = null;
		}
		span.setStatus(StatusCode.ERROR, (message != null) ? message : type);
	}

}
