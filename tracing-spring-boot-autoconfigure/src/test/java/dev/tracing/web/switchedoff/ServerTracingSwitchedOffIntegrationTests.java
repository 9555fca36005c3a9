package dev.tracing.web.switchedoff;

import java.time.Duration;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.testsupport.Traceparent;
import dev.tracing.web.HttpTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tracing.http.server.enabled=false} on a real Tomcat, with Spring's own server observations running for the
 * metrics (actuator is on the class path): a request gets no SERVER span, neither from the starter nor from
 * Micrometer's bridge, and no incoming context is continued; what the request calls is still traced.
 */
@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.http.server.enabled=false", "tracing.export.batch.schedule-delay=10ms" })
class ServerTracingSwitchedOffIntegrationTests extends SwitchedOffTestSupport {

	@Test
	void shouldMakeNoServerSpanFromAnySourceWhileSpringStillObservesTheRequest(@Autowired MeterRegistry meters)
			throws Exception {
		String current = relay("rest-client", downstream.baseUrl() + "/users/1",
				"00-" + REMOTE_TRACE + "-00f067aa0ba902b7-01");
		assertThat(current).as("span current while the request is served").isEqualTo(NO_SPAN);
		SpanData client = exportedSingle(SpanKind.CLIENT);
		assertThat(client.getName()).isEqualTo("GET");
		assertThat(client.getParentSpanContext().isValid()).as("a root: no server span, no remote parent").isFalse();
		assertThat(client.getTraceId()).isNotEqualTo(REMOTE_TRACE);
		LoggedRequest sent = onlyDownstreamRequest();
		Traceparent traceparent = Traceparent.of(sent.getHeader("traceparent"));
		assertThat(traceparent.spanId()).isEqualTo(client.getSpanId());
		// Spring's server observation ran (its timer counts the request, once it has stopped): only its span was left out
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			Timer timer = meters.find("http.server.requests").tag("uri", "/relay/{client}").timer();
			return timer != null && timer.count() == 1;
		});
		assertThat(exportedSingle(SpanKind.CLIENT)).isEqualTo(client);
	}

}
