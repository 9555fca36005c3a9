package dev.tracing.web.client;

import java.net.URI;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.HttpSemantics;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * What every client instrumentation does, whatever the client: start a CLIENT span with the HTTP conventions'
 * attributes, inject the trace context unless the host is excluded, and record the outcome.
 */
final class ClientSpans {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final HostExclusion excludedHosts;

	private final QueryRedactor queryRedactor;

	ClientSpans(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this.tracer = openTelemetry.getTracer("dev.tracing.web.client");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.excludedHosts = excludedHosts;
		this.queryRedactor = queryRedactor;
	}

	Span start(Context parent, String method, URI uri) {
		String normalizedMethod = HttpSemantics.method(method);
		SpanBuilder builder = this.tracer.spanBuilder(HttpSemantics.spanNameMethod(method))
			.setSpanKind(SpanKind.CLIENT)
			.setParent(parent)
			.setAttribute(HttpSemantics.HTTP_REQUEST_METHOD, normalizedMethod)
			.setAttribute(HttpSemantics.URL_FULL, HttpSemantics.fullUrl(uri, this.queryRedactor))
			.setAttribute(HttpSemantics.SERVER_PORT, HttpSemantics.port(uri));
		if (!normalizedMethod.equals(method)) {
			builder.setAttribute(HttpSemantics.HTTP_REQUEST_METHOD_ORIGINAL, method);
		}
		if (uri.getHost() != null) {
			builder.setAttribute(HttpSemantics.SERVER_ADDRESS, uri.getHost());
		}
		return builder.startSpan();
	}

	<C> void inject(Context context, URI uri, C carrier, TextMapSetter<C> setter) {
		if (!this.excludedHosts.isExcluded(uri.getHost())) {
			this.propagator.inject(context, carrier, setter);
		}
	}

	// Client spans count 4xx as errors too: the call did not get what it asked for.
	static void response(Span span, int status) {
		span.setAttribute(HttpSemantics.HTTP_RESPONSE_STATUS_CODE, (long) status);
		if (status >= 400) {
			span.setAttribute(HttpSemantics.ERROR_TYPE, Integer.toString(status));
			span.setStatus(StatusCode.ERROR);
		}
	}

	static void failure(Span span, Throwable failure) {
		span.recordException(failure);
		span.setAttribute(HttpSemantics.ERROR_TYPE, failure.getClass().getName());
		span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
	}

}
