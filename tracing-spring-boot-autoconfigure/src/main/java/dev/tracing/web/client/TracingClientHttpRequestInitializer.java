package dev.tracing.web.client;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestInitializer;

/**
 * Propagation without a span ({@code tracing.http.client.spans=false}): puts the current trace context into the
 * headers of each request a {@code RestTemplate} or {@code RestClient} creates, unless the host is excluded. The
 * callee's server span becomes a child of the caller's current span. An initializer, unlike an interceptor, cannot
 * time the call, but Spring applies it to the request its factory created, without wrapping the request in its
 * intercepting one.
 */
public final class TracingClientHttpRequestInitializer implements ClientHttpRequestInitializer {

	private static final TextMapSetter<HttpHeaders> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.set(key, value);
		}
	};

	private final ClientPropagation propagation;

	TracingClientHttpRequestInitializer(ClientPropagation propagation) {
		this.propagation = propagation;
	}

	@Override
	public void initialize(ClientHttpRequest request) {
		this.propagation.inject(Context.current(), request.getURI(), request.getHeaders(), SETTER);
	}

}
