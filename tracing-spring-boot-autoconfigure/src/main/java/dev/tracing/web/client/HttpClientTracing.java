package dev.tracing.web.client;

import java.util.List;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Instruments Spring's blocking HTTP clients: one CLIENT span per call and the trace context in the request headers.
 * Clients built from Spring Boot's {@code RestTemplateBuilder} and {@code RestClient.Builder} are instrumented
 * automatically; inject this bean to instrument a client you build by hand ({@link WebClientTracing} does the same
 * for {@code WebClient}):
 * <pre class="code">
 * RestClient client = tracing.instrument(RestClient.builder()).baseUrl("https://inventory").build();
 * </pre>
 * Instrumenting the same client or builder twice is harmless: it keeps a single interceptor. Built with
 * {@link #propagationOnly}, it adds an initializer instead, which sends the current trace context and makes no span.
 */
public final class HttpClientTracing {

	private final @Nullable TracingClientHttpRequestInterceptor interceptor;

	private final @Nullable TracingClientHttpRequestInitializer initializer;

	public HttpClientTracing(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this(new TracingClientHttpRequestInterceptor(new ClientSpans(openTelemetry, excludedHosts, queryRedactor)),
				null);
	}

	private HttpClientTracing(@Nullable TracingClientHttpRequestInterceptor interceptor,
			@Nullable TracingClientHttpRequestInitializer initializer) {
		this.interceptor = interceptor;
		this.initializer = initializer;
	}

	/**
	 * Instrumentation that only propagates: each request carries the trace context current when the client creates
	 * it (unless its host is excluded), and no call gets a span. Spring then does not wrap the requests in its
	 * intercepting request, which a span's interceptor requires.
	 * @param openTelemetry the SDK, for its propagators
	 * @param excludedHosts hosts that receive no trace context
	 * @return the instrumentation
	 */
	public static HttpClientTracing propagationOnly(OpenTelemetry openTelemetry, HostExclusion excludedHosts) {
		return new HttpClientTracing(null,
				new TracingClientHttpRequestInitializer(new ClientPropagation(openTelemetry, excludedHosts)));
	}

	public RestTemplate instrument(RestTemplate restTemplate) {
		if (this.interceptor != null) {
			addOnce(restTemplate.getInterceptors(), this.interceptor);
		}
		if (this.initializer != null) {
			addOnce(restTemplate.getClientHttpRequestInitializers(), this.initializer);
		}
		return restTemplate;
	}

	public RestClient.Builder instrument(RestClient.Builder builder) {
		TracingClientHttpRequestInterceptor interceptor = this.interceptor;
		if (interceptor != null) {
			builder.requestInterceptors((interceptors) -> addOnce(interceptors, interceptor));
		}
		TracingClientHttpRequestInitializer initializer = this.initializer;
		if (initializer != null) {
			builder.requestInitializers((initializers) -> addOnce(initializers, initializer));
		}
		return builder;
	}

	/**
	 * The interceptor that makes the CLIENT spans.
	 * @return the interceptor
	 * @throws IllegalStateException when built {@link #propagationOnly}, which makes no span
	 */
	public ClientHttpRequestInterceptor interceptor() {
		if (this.interceptor == null) {
			throw new IllegalStateException("Propagation-only client tracing (tracing.http.client.spans=false) "
					+ "makes no client span and has no interceptor");
		}
		return this.interceptor;
	}

	// Last: the span covers one attempt on the wire with every header other interceptors add, and no other
	// initializer overwrites the context.
	private static <T> void addOnce(List<? super T> list, T element) {
		if (list.stream().noneMatch(element.getClass()::isInstance)) {
			list.add(element);
		}
	}

}
