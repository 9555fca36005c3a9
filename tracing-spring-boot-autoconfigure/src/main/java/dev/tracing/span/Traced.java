package dev.tracing.span;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.opentelemetry.api.trace.SpanKind;

/**
 * Runs a Spring bean method in a span of its own, a child of the current span:
 * <pre class="code">
 * &#64;Traced("validate_payment")
 * void validate(&#64;TracedAttribute("payment.currency") String currency, long amountCents) { … }
 * </pre>
 * The span is current for the method body. An exception escaping the method is recorded on the span, which gets
 * ERROR status, and is rethrown unchanged. The span always ends: when the method returns, or, for a
 * {@code CompletionStage}, {@code Mono} or {@code Flux} result, when that result completes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Traced {

	/**
	 * Span name. Defaults to {@code ClassName.methodName}.
	 * @return the span name
	 */
	String value() default "";

	/**
	 * Span kind.
	 * @return the span kind
	 */
	SpanKind kind() default SpanKind.INTERNAL;

}
