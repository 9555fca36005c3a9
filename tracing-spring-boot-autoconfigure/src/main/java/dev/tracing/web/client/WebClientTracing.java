package dev.tracing.web.client;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Instruments {@link WebClient}: one CLIENT span per exchange and the trace context in the request headers.
 * Clients built from Spring Boot's {@code WebClient.Builder} are instrumented automatically; inject this bean for a
 * builder you create by hand. Instrumenting the same builder twice keeps a single filter. Built with
 * {@link #propagationOnly}, the filter sends the trace context and makes no span.
 */
public final class WebClientTracing {

	private final TracingExchangeFilterFunction filter;

	public WebClientTracing(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this(new TracingExchangeFilterFunction(new ClientSpans(openTelemetry, excludedHosts, queryRedactor)));
	}

	private WebClientTracing(TracingExchangeFilterFunction filter) {
		this.filter = filter;
	}

	/**
	 * Instrumentation that only propagates: each exchange carries the trace context of the span current when the
	 * request was built, else at subscription (unless its host is excluded), and no exchange gets a span.
	 * @param openTelemetry the SDK, for its propagators
	 * @param excludedHosts hosts that receive no trace context
	 * @return the instrumentation
	 */
	public static WebClientTracing propagationOnly(OpenTelemetry openTelemetry, HostExclusion excludedHosts) {
		return new WebClientTracing(
				new TracingExchangeFilterFunction(new ClientPropagation(openTelemetry, excludedHosts)));
	}

	public WebClient.Builder instrument(WebClient.Builder builder) {
		boolean[] added = { false };
		builder.filters((filters) -> {
			if (filters.stream().noneMatch(TracingExchangeFilterFunction.class::isInstance)) {
				filters.add(this.filter);
				added[0] = true;
			}
		});
		if (added[0]) {
			// Record the parent when the request is built: by subscription time it may be on another thread.
			builder.defaultRequest((request) -> request.attribute(TracingExchangeFilterFunction.PARENT_ATTRIBUTE,
					Context.current()));
		}
		return builder;
	}

}
