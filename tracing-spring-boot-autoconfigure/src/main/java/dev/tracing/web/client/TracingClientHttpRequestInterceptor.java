package dev.tracing.web.client;

import java.io.IOException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * One CLIENT span per request made by a {@code RestTemplate} or {@code RestClient}, with the trace context injected
 * into the request headers unless the host is excluded.
 */
public final class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final ClientSpans spans;

	TracingClientHttpRequestInterceptor(ClientSpans spans) {
		this.spans = spans;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Context parent = Context.current();
		Span span = this.spans.start(parent, request.getMethod().name(), request.getURI());
		Context context = ClientSpans.context(parent, span);
		this.spans.inject(context, request.getURI(), request.getHeaders(), (headers, key, value) -> {
			if (headers != null) {
				headers.set(key, value);
			}
		});
		if (context == parent) {
			// No span (unsampled parent): nothing to record, and the context to propagate is current already
			return execution.execute(request, body);
		}
		try (Scope ignored = context.makeCurrent()) {
			ClientHttpResponse response = execution.execute(request, body);
			ClientSpans.response(span, response.getStatusCode().value());
			return response;
		}
		catch (IOException | RuntimeException ex) {
			ClientSpans.failure(span, ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
