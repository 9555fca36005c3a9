package dev.tracing.rabbit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.RabbitServer;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.ReceivedSpans.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application on a random port against a real RabbitMQ broker (Debian's rabbitmq-server, started on free
 * ports), spans exported over OTLP/HTTP to a receiver on loopback: one trace from the HTTP request through the
 * publish to the listener and its own span, the baggage across the hop, redeliveries in the same trace, and no
 * message body in any exported byte.
 */
@SpringBootTest(classes = { RabbitTestApplication.class, RabbitTracingIntegrationTests.StopServers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=payments", "tracing.export.batch.schedule-delay=20ms" })
@DirtiesContext
class RabbitTracingIntegrationTests {

	private static final String PAYLOAD = "payment-payload-0815-secret";

	private static RabbitServer rabbit;

	private static OtlpHttpReceiver receiver;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RabbitTestApplication.Settlement settlement;

	@DynamicPropertySource
	static void rabbitAndReceiver(DynamicPropertyRegistry registry) throws Exception {
		rabbit = RabbitServer.start();
		receiver = OtlpHttpReceiver.start();
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", rabbit::port);
		registry.add("tracing.export.otlp.endpoint", receiver::baseUrl);
	}

	@Test
	void shouldMakeOneTraceFromTheHttpRequestThroughThePublishToTheListener() throws Exception {
		assertThat(post(PAYLOAD, "tenant.id=acme")).isEqualTo(202);
		await("the listener").atMost(Duration.ofSeconds(20)).until(() -> this.settlement.baggage.containsKey(PAYLOAD));
		assertThat(this.settlement.baggage).containsEntry(PAYLOAD, "acme");
		ReceivedSpan server = await("server span").atMost(Duration.ofSeconds(20))
			.until(() -> serverSpanWith(false), (span) -> span != null);
		ReceivedSpans trace = await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans().trace(server.traceId()), (spans) -> spans.size() >= 4);
		ReceivedSpan send = trace.only("send payments");
		ReceivedSpan process = trace.only("process payments");
		assertThat(send.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
		assertThat(send.scope()).isEqualTo(RabbitTracing.INSTRUMENTATION_SCOPE);
		assertThat(send.parentSpanId()).isEqualTo(server.spanId());
		assertThat(process.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
		assertThat(process.parentSpanId()).isEqualTo(send.spanId());
		assertThat(trace.only("settle payment").parentSpanId()).isEqualTo(process.spanId());
		assertThat(send.attributes()).containsEntry("messaging.system", "rabbitmq")
			.containsEntry("messaging.destination.name", "")
			.containsEntry("messaging.rabbitmq.destination.routing_key", "payments")
			.containsEntry("messaging.operation.type", "send")
			.containsEntry("messaging.operation.name", "publish")
			.containsEntry("network.peer.address", "127.0.0.1")
			.containsEntry("network.peer.port", Integer.toString(rabbit.port()));
		assertThat(process.attributes()).containsEntry("messaging.system", "rabbitmq")
			.containsEntry("messaging.destination.name", "")
			.containsEntry("messaging.destination.subscription.name", "payments")
			.containsEntry("messaging.rabbitmq.destination.routing_key", "payments")
			.containsEntry("messaging.operation.type", "process")
			.containsKey("messaging.rabbitmq.message.delivery_tag");
		for (OtlpHttpReceiver.Received request : receiver.requests()) {
			String wire = new String(request.rawBody(), StandardCharsets.ISO_8859_1);
			assertThat(wire).doesNotContain(PAYLOAD).doesNotContain("0815");
		}
	}

	@Test
	void shouldKeepTheTraceAcrossRedeliveries() throws Exception {
		assertThat(post("flaky-payment", null)).isEqualTo(202);
		await("the listener").atMost(Duration.ofSeconds(20))
			.until(() -> this.settlement.baggage.containsKey("flaky-payment"));
		ReceivedSpan server = await("server span").atMost(Duration.ofSeconds(20))
			.until(() -> serverSpanWith(true), (span) -> span != null);
		ReceivedSpans trace = await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans().trace(server.traceId()),
					(spans) -> spans.allNamed("process payments").size() == 3);
		ReceivedSpan send = trace.only("send payments");
		List<ReceivedSpan> attempts = trace.allNamed("process payments");
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.parentSpanId()).isEqualTo(send.spanId()));
		assertThat(attempts.stream().filter((attempt) -> attempt.span().getStatus().getCode() == StatusCode.STATUS_CODE_ERROR))
			.hasSize(2);
	}

	private int post(String body, String baggage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/payments"))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (baggage != null) {
			request.header("baggage", baggage);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	// The request's SERVER span whose trace has a failed processing (the flaky payment) or none
	private static ReceivedSpan serverSpanWith(boolean failures) {
		List<ReceivedSpan> all = receiver.spans().all();
		return all.stream()
			.filter((span) -> span.name().equals("POST /payments"))
			.filter((server) -> all.stream()
				.anyMatch((span) -> span.traceId().equals(server.traceId()) && span.name().equals("process payments")))
			.filter((server) -> all.stream()
				.anyMatch((span) -> span.traceId().equals(server.traceId())
						&& span.span().getStatus().getCode() == StatusCode.STATUS_CODE_ERROR) == failures)
			.findFirst()
			.orElse(null);
	}

	// The servers stop with the context, after its listener containers: nothing reconnects to a stopped broker.
	@Configuration(proxyBeanMethods = false)
	static class StopServers implements DisposableBean {

		@Override
		public void destroy() {
			rabbit.close();
			receiver.close();
		}

	}

}
