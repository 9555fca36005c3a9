package dev.tracing.web.client;

import java.util.List;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;

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
 * Instrumenting the same client or builder twice is harmless: it keeps a single interceptor.
 */
public final class HttpClientTracing {

	private final TracingClientHttpRequestInterceptor interceptor;

	public HttpClientTracing(OpenTelemetry openTelemetry, HostExclusion excludedHosts, QueryRedactor queryRedactor) {
		this.interceptor = new TracingClientHttpRequestInterceptor(
				new ClientSpans(openTelemetry, excludedHosts, queryRedactor));
	}

	public RestTemplate instrument(RestTemplate restTemplate) {
		addOnce(restTemplate.getInterceptors());
		return restTemplate;
	}

	public RestClient.Builder instrument(RestClient.Builder builder) {
		return builder.requestInterceptors(this::addOnce);
	}

	public ClientHttpRequestInterceptor interceptor() {
		return this.interceptor;
	}

	// Last in the chain, so the span covers one attempt on the wire with every header other interceptors add.
	private void addOnce(List<ClientHttpRequestInterceptor> interceptors) {
		if (interceptors.stream().noneMatch(TracingClientHttpRequestInterceptor.class::isInstance)) {
			interceptors.add(this.interceptor);
		}
	}

}
