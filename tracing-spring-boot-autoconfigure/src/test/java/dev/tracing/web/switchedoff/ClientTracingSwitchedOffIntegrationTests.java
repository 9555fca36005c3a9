package dev.tracing.web.switchedoff;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.web.HttpTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tracing.http.client.enabled=false} on a real Tomcat, with Spring's own client observations running for the
 * metrics (actuator is on the class path): a call gets no CLIENT span and carries no trace context, neither from the
 * starter nor from Micrometer's bridge, for each client built from Spring Boot's builders.
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.http.client.enabled=false", "tracing.export.batch.schedule-delay=10ms" })
class ClientTracingSwitchedOffIntegrationTests extends SwitchedOffTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "web-client" })
	void shouldNeitherSpanNorPropagateCalls(String client, @Autowired MeterRegistry meters) throws Exception {
		double observedBefore = clientRequests(meters);
		String current = relay(client, downstream.baseUrl() + "/users/1", null);
		SpanData server = exportedSingle(SpanKind.SERVER);
		assertThat(current).isEqualTo(server.getSpanId());
		LoggedRequest sent = onlyDownstreamRequest();
		assertThat(sent.containsHeader("traceparent")).isFalse();
		assertThat(sent.containsHeader("tracestate")).isFalse();
		assertThat(sent.containsHeader("baggage")).isFalse();
		assertThat(sent.containsHeader("b3")).isFalse();
		// Spring's client observation ran (its timer counts the call): only its span and injection were left out
		assertThat(clientRequests(meters)).isEqualTo(observedBefore + 1);
	}

	private static double clientRequests(MeterRegistry meters) {
		return meters.find("http.client.requests").timers().stream().mapToDouble((timer) -> timer.count()).sum();
	}

}
