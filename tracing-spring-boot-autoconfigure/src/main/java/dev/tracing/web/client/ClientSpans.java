package dev.tracing.web.client;

import java.net.URI;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.sampling.RatioSampler;
import dev.tracing.web.HttpSemantics;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import org.jspecify.annotations.Nullable;

/**
 * What every client instrumentation does, whatever the client: start a CLIENT span with the HTTP conventions'
 * attributes, inject the trace context unless the host is excluded, and record the outcome.
 */
final class ClientSpans {

	private final Tracer tracer;

	private final ClientPropagation propagation;

	private final QueryRedactor queryRedactor;

	private final boolean starterSampler;

	private final boolean rootsSampled;

	ClientSpans(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this.tracer = openTelemetry.getTracer("dev.tracing.web.client");
		this.propagation = new ClientPropagation(openTelemetry, excludedHosts);
		this.queryRedactor = queryRedactor;
		this.starterSampler = RatioSampler.isInUse(openTelemetry);
		this.rootsSampled = RatioSampler.samplesEveryRoot(openTelemetry);
	}

	/**
	 * The CLIENT span of a call. With the starter's sampler, a call under an unsampled parent gets no span at all
	 * (the sampler would drop it): the result is then the invalid span, and the parent's context is what goes on the
	 * wire. Attributes are computed only for a span that records, unless the sampler may read them. Where the span is
	 * known to record before it starts (a sampled parent's child, or a root at ratio 1), they go on the builder: the
	 * span then takes them without taking its lock for each.
	 */
	Span start(Context parent, String method, URI uri) {
		boolean attributesOnBuilder = !this.starterSampler;
		if (this.starterSampler) {
			SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
			if (parentSpan.isValid()) {
				if (!parentSpan.isSampled()) {
					return Span.getInvalid();
				}
				attributesOnBuilder = true;
			}
			else {
				attributesOnBuilder = this.rootsSampled;
			}
		}
		SpanBuilder builder = this.tracer.spanBuilder(HttpSemantics.spanNameMethod(method))
			.setSpanKind(SpanKind.CLIENT)
			.setParent(parent);
		if (attributesOnBuilder) {
			requestAttributes(method, uri, builder, null);
		}
		Span span = builder.startSpan();
		if (!attributesOnBuilder && span.isRecording()) {
			requestAttributes(method, uri, null, span);
		}
		return span;
	}

	/**
	 * The context to make current and propagate for a call: the parent's alone when {@link #start} made no span.
	 */
	static Context context(Context parent, Span span) {
		return span.getSpanContext().isValid() ? parent.with(span) : parent;
	}

	private void requestAttributes(String method, URI uri, @Nullable SpanBuilder builder, @Nullable Span span) {
		String normalizedMethod = HttpSemantics.method(method);
		HttpSemantics.set(builder, span, HttpAttributes.HTTP_REQUEST_METHOD, normalizedMethod);
		HttpSemantics.set(builder, span, UrlAttributes.URL_FULL, HttpSemantics.fullUrl(uri, this.queryRedactor));
		HttpSemantics.set(builder, span, ServerAttributes.SERVER_PORT, HttpSemantics.port(uri));
		if (!normalizedMethod.equals(method)) {
			HttpSemantics.set(builder, span, HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, method);
		}
		if (uri.getHost() != null) {
			HttpSemantics.set(builder, span, ServerAttributes.SERVER_ADDRESS, uri.getHost());
		}
	}

	<C> void inject(Context context, URI uri, C carrier, TextMapSetter<C> setter) {
		this.propagation.inject(context, uri, carrier, setter);
	}

	ClientPropagation propagation() {
		return this.propagation;
	}

	// Client spans count 4xx as errors too: the call did not get what it asked for.
	static void response(Span span, int status) {
		if (!span.isRecording()) {
			return;
		}
		span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
		if (status >= 400) {
			span.setAttribute(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
			span.setStatus(StatusCode.ERROR);
		}
	}

	static void failure(Span span, Throwable failure) {
		if (!span.isRecording()) {
			return;
		}
		span.recordException(failure);
		span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
		span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
	}

}
