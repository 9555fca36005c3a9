package dev.tracing.span;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.annotation.Observed;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanTag;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every way of making a business span, in one application, landing in one trace: {@code @Traced}, the
 * {@code Spans} helper, Micrometer's {@code @Observed} and {@code @NewSpan}, and the OpenTelemetry API.
 */
@SpringBootTest(classes = ManualSpansIntegrationTests.PaymentApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.application.name=payments", "tracing.export.batch.schedule-delay=10ms" })
class ManualSpansIntegrationTests {

	@Autowired
	private PaymentFlow flow;

	@Autowired
	private Tracer tracer;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@Test
	void shouldPutEveryKindOfManualSpanInOneTree() {
		Span root = this.tracer.spanBuilder("POST /payments").startSpan();
		try (Scope ignored = root.makeCurrent()) {
			this.flow.process("u-42", 1250L, "EUR");
		}
		root.end();
		List<SpanData> spans = awaitSpans(6);
		SpanData process = named(spans, "process_payment");
		SpanData validate = named(spans, "validate_payment");
		SpanData charge = named(spans, "provider_charge");
		SpanData observed = named(spans, "fraud-check");
		SpanData newSpan = named(spans, "ledger-entry");
		assertThat(spans).extracting(SpanData::getTraceId).containsOnly(root.getSpanContext().getTraceId());
		assertThat(process.getParentSpanId()).isEqualTo(root.getSpanContext().getSpanId());
		assertThat(validate.getParentSpanId()).isEqualTo(process.getSpanId());
		assertThat(charge.getParentSpanId()).isEqualTo(process.getSpanId());
		assertThat(observed.getParentSpanId()).isEqualTo(validate.getSpanId());
		assertThat(newSpan.getParentSpanId()).isEqualTo(charge.getSpanId());
		assertThat(process.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("u-42");
		assertThat(process.getAttributes().get(AttributeKey.longKey("payment.amount_cents"))).isEqualTo(1250L);
		assertThat(validate.getAttributes().get(AttributeKey.stringKey("payment.currency"))).isEqualTo("EUR");
		assertThat(charge.getAttributes().get(AttributeKey.stringKey("stripe.payment_intent_id")))
			.isEqualTo("pi_1250");
		assertThat(newSpan.getAttributes().get(AttributeKey.stringKey("ledger.account"))).isEqualTo("acct-u-42");
	}

	@Test
	void shouldNameAnUnnamedSpanAfterClassAndMethod() {
		this.flow.refund();
		assertThat(awaitSpans(1)).extracting(SpanData::getName).containsExactly("PaymentFlow.refund");
	}

	@Test
	void shouldRecordAnEscapingExceptionAndRethrowItUnchanged() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.flow.declined("pm_card_declined"))
			.withMessage("card declined");
		SpanData span = awaitSpans(1).get(0);
		assertThat(span.getName()).isEqualTo("provider_charge");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).extracting("name").containsExactly("exception");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("payment.method"))).isEqualTo("pm_card_declined");
	}

	@Test
	void shouldEndAsyncAndReactiveResultsWhenTheyComplete() {
		CompletableFuture<String> rates = this.flow.rates();
		assertThat(rates.join()).isEqualTo("1.08");
		assertThat(this.flow.user().block()).isEqualTo("alice");
		List<SpanData> spans = awaitSpans(2);
		assertThat(named(spans, "fetch_rates").getEndEpochNanos() - named(spans, "fetch_rates").getStartEpochNanos())
			.isGreaterThanOrEqualTo(100_000_000L);
		assertThat(named(spans, "load_user").getEndEpochNanos() - named(spans, "load_user").getStartEpochNanos())
			.isGreaterThanOrEqualTo(100_000_000L);
	}

	private List<SpanData> awaitSpans(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.exporter.getFinishedSpanItems().size() >= count);
		return this.exporter.getFinishedSpanItems();
	}

	private static SpanData named(List<SpanData> spans, String name) {
		return spans.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + name + " in " + spans));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PaymentApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		FraudCheck fraudCheck() {
			return new FraudCheck();
		}

		@Bean
		Ledger ledger() {
			return new Ledger();
		}

		@Bean
		PaymentFlow paymentFlow(Spans spans, FraudCheck fraudCheck, Ledger ledger) {
			return new PaymentFlow(spans, fraudCheck, ledger);
		}

	}

	static class PaymentFlow {

		private final Spans spans;

		private final FraudCheck fraudCheck;

		private final Ledger ledger;

		PaymentFlow(Spans spans, FraudCheck fraudCheck, Ledger ledger) {
			this.spans = spans;
			this.fraudCheck = fraudCheck;
			this.ledger = ledger;
		}

		@Traced("process_payment")
		public String process(@TracedAttribute("user.id") String userId,
				@TracedAttribute("payment.amount_cents") long amountCents, String currency) {
			// Called through the proxy of another bean to show nesting; a self-call would not be intercepted.
			validate(currency);
			return this.spans.call("provider_charge", (span) -> {
				String intent = "pi_" + amountCents;
				span.setAttribute("stripe.payment_intent_id", intent);
				this.ledger.record("acct-" + userId);
				return intent;
			});
		}

		private void validate(String currency) {
			this.spans.run("validate_payment", java.util.Map.of("payment.currency", currency),
					(span) -> this.fraudCheck.check());
		}

		@Traced("provider_charge")
		public void declined(@TracedAttribute("payment.method") String paymentMethod) throws IOException {
			throw new IOException("card declined");
		}

		@Traced
		public void refund() {
		}

		@Traced("fetch_rates")
		public CompletableFuture<String> rates() {
			return CompletableFuture.supplyAsync(() -> {
				sleep(100);
				return "1.08";
			});
		}

		@Traced("load_user")
		public Mono<String> user() {
			return Mono.just("alice").delayElement(Duration.ofMillis(100));
		}

	}

	static class FraudCheck {

		@Observed(name = "fraud.check", contextualName = "fraud-check")
		public void check() {
		}

	}

	static class Ledger {

		@NewSpan("ledger-entry")
		public void record(@SpanTag("ledger.account") String account) {
		}

	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
