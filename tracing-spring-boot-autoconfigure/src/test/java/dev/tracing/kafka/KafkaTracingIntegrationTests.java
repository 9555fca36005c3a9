package dev.tracing.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.ReceivedSpans.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application on a random port against Apache Kafka's own KRaft broker in the test JVM, spans exported over
 * OTLP/HTTP to a receiver on loopback: one trace from the HTTP request through the producer to the consumer and its
 * own spans, the baggage across the hop, retries and the dead-letter topic in the same trace, a batch linked to its
 * records, and neither key nor payload in any exported byte.
 */
@SpringBootTest(classes = { KafkaTestApplication.class, KafkaTracingIntegrationTests.StopServers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders", "tracing.export.batch.schedule-delay=20ms",
				"spring.kafka.consumer.auto-offset-reset=earliest" })
@DirtiesContext
class KafkaTracingIntegrationTests {

	private static final String KEY = "customer-4711-key";

	private static final String PAYLOAD = "order-payload-0815-secret";

	private static EmbeddedKafkaKraftBroker broker;

	private static OtlpHttpReceiver receiver;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaTestApplication.Listeners listeners;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private Tracer tracer;

	@DynamicPropertySource
	static void kafkaAndReceiver(DynamicPropertyRegistry registry) throws Exception {
		broker = new EmbeddedKafkaKraftBroker(1, 1, "orders", "orders-dlt", "audit");
		broker.afterPropertiesSet();
		receiver = OtlpHttpReceiver.start();
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		registry.add("tracing.export.otlp.endpoint", receiver::baseUrl);
	}

	@Test
	void shouldMakeOneTraceFromTheHttpRequestThroughTheProducerToTheConsumer() throws Exception {
		assertThat(post(KEY, PAYLOAD, "tenant.id=acme")).isEqualTo(202);
		await("the listener").atMost(Duration.ofSeconds(20)).until(() -> this.listeners.baggage.containsKey(PAYLOAD));
		assertThat(this.listeners.baggage).containsEntry(PAYLOAD, "acme");
		ReceivedSpan server = await("server span").atMost(Duration.ofSeconds(20))
			.until(() -> serverSpanOf("billing", false), (span) -> span != null);
		ReceivedSpans trace = await("the consumer's spans").atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans().trace(server.traceId()), (spans) -> spans.size() >= 4);
		ReceivedSpan send = trace.only("send orders");
		ReceivedSpan process = trace.only("process orders");
		ReceivedSpan bill = trace.only("bill order");
		assertThat(send.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
		assertThat(send.scope()).isEqualTo(KafkaTracing.INSTRUMENTATION_SCOPE);
		assertThat(send.parentSpanId()).isEqualTo(server.spanId());
		assertThat(process.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
		assertThat(process.parentSpanId()).isEqualTo(send.spanId());
		assertThat(bill.parentSpanId()).isEqualTo(process.spanId());
		assertThat(send.attributes()).containsEntry("messaging.system", "kafka")
			.containsEntry("messaging.destination.name", "orders")
			.containsEntry("messaging.operation.type", "send")
			.containsEntry("messaging.operation.name", "send")
			.containsEntry("messaging.destination.partition.id", "0")
			.containsKey("messaging.kafka.offset");
		assertThat(process.attributes()).containsEntry("messaging.system", "kafka")
			.containsEntry("messaging.destination.name", "orders")
			.containsEntry("messaging.operation.type", "process")
			.containsEntry("messaging.operation.name", "process")
			.containsEntry("messaging.consumer.group.name", "billing")
			.containsEntry("messaging.destination.partition.id", "0")
			.containsEntry("messaging.kafka.offset", send.attributes().get("messaging.kafka.offset"));
		for (OtlpHttpReceiver.Received request : receiver.requests()) {
			String wire = new String(request.rawBody(), StandardCharsets.ISO_8859_1);
			assertThat(wire).doesNotContain(KEY).doesNotContain("4711").doesNotContain(PAYLOAD).doesNotContain("0815");
		}
	}

	@Test
	void shouldKeepTheTraceAcrossRetriesAndTheDeadLetterTopic() throws Exception {
		assertThat(post("poisoned", "poison-order", null)).isEqualTo(202);
		assertThat(this.listeners.deadLetters.poll(30, TimeUnit.SECONDS)).isEqualTo("poison-order");
		ReceivedSpan server = await().atMost(Duration.ofSeconds(20))
			.until(() -> serverSpanOf("billing", true), (span) -> span != null);
		ReceivedSpans trace = await("retries and dead letter").atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans().trace(server.traceId()),
					(spans) -> spans.allNamed("process orders-dlt").size() == 1);
		ReceivedSpan send = trace.only("send orders");
		List<ReceivedSpan> attempts = trace.allNamed("process orders");
		assertThat(attempts).hasSize(3).allSatisfy((attempt) -> {
			assertThat(attempt.parentSpanId()).isEqualTo(send.spanId());
			assertThat(attempt.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
			assertThat(attempt.attributes()).containsKey("error.type");
		});
		// Published by the error handler while the last attempt's span is current
		ReceivedSpan deadLetterSend = trace.only("send orders-dlt");
		assertThat(deadLetterSend.parentSpanId()).isIn(attempts.stream().map(ReceivedSpan::spanId).toList());
		assertThat(trace.only("process orders-dlt").parentSpanId()).isEqualTo(deadLetterSend.spanId());
	}

	@Test
	void shouldMakeOneSpanPerBatchLinkedToEachRecord() throws Exception {
		List<String> senders = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Span parent = this.tracer.spanBuilder("audit " + i).startSpan();
			try (Scope ignored = parent.makeCurrent()) {
				this.kafka.send("audit", "event-" + i).get(10, TimeUnit.SECONDS);
			}
			finally {
				parent.end();
			}
			senders.add(parent.getSpanContext().getTraceId());
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.listeners.auditBatches.stream().mapToInt(Integer::intValue).sum() == 3);
		List<ReceivedSpan> batches = await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans().allNamed("process audit"),
					(spans) -> spans.stream()
						.mapToLong((span) -> Long.parseLong(span.attributes().get("messaging.batch.message_count")))
						.sum() == 3);
		List<String> linked = new ArrayList<>();
		for (ReceivedSpan batch : batches) {
			assertThat(batch.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
			assertThat(batch.parentSpanId()).isEmpty();
			assertThat(batch.attributes()).containsEntry("messaging.consumer.group.name", "audit");
			batch.span().getLinksList().forEach((link) -> linked.add(HexFormat.of().formatHex(link.getTraceId().toByteArray())));
		}
		assertThat(linked).containsExactlyInAnyOrderElementsOf(senders);
		assertThat(this.listeners.auditBatches).isNotEmpty();
	}

	private int post(String customer, String body, String baggage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
			.header("X-Customer", customer)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (baggage != null) {
			request.header("baggage", baggage);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	// The request's SERVER span whose trace has a failed (poisoned) or a successful processing
	private static ReceivedSpan serverSpanOf(String group, boolean failed) {
		List<ReceivedSpan> all = receiver.spans().all();
		return all.stream()
			.filter((span) -> span.name().equals("POST /orders"))
			.filter((server) -> all.stream()
				.anyMatch((span) -> span.traceId().equals(server.traceId()) && span.name().equals("process orders")
						&& group.equals(span.attributes().get("messaging.consumer.group.name"))
						&& (span.span().getStatus().getCode() == StatusCode.STATUS_CODE_ERROR) == failed))
			.findFirst()
			.orElse(null);
	}

	// The servers stop with the context, after its listener containers: nothing reconnects to a stopped broker.
	@Configuration(proxyBeanMethods = false)
	static class StopServers implements DisposableBean {

		@Override
		public void destroy() {
			broker.destroy();
			receiver.close();
		}

	}

}
