package dev.tracing.web.client;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Instruments {@link WebClient}: one CLIENT span per exchange and the trace context in the request headers.
 * Clients built from Spring Boot's {@code WebClient.Builder} are instrumented automatically; inject this bean for a
 * builder you create by hand. Instrumenting the same builder twice keeps a single filter.
 */
public final class WebClientTracing {

	private final TracingExchangeFilterFunction filter;

	public WebClientTracing(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this.filter = new TracingExchangeFilterFunction(new ClientSpans(openTelemetry, excludedHosts, queryRedactor));
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
