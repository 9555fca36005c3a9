package dev.tracing.span;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpansTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final Spans spans = new Spans(this.sdk);

	@AfterEach
	void close() {
		this.sdk.close();
	}

	@Test
	void shouldRunWorkInACurrentChildSpanWithTypedAttributes() {
		Span parent = this.sdk.getTracer("test").spanBuilder("process_payment").startSpan();
		String[] seen = new String[1];
		String result;
		try (Scope ignored = parent.makeCurrent()) {
			result = this.spans.call("validate_payment",
					Map.of("payment.amount_cents", 1250, "payment.currency", "EUR", "risk.score", 0.25,
							"payment.recurring", true),
					(span) -> {
						seen[0] = Span.current().getSpanContext().getSpanId();
						return "valid";
					});
		}
		parent.end();
		assertThat(result).isEqualTo("valid");
		SpanData span = span("validate_payment");
		assertThat(seen[0]).isEqualTo(span.getSpanId());
		assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(AttributeKey.longKey("payment.amount_cents"))).isEqualTo(1250L);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("payment.currency"))).isEqualTo("EUR");
		assertThat(span.getAttributes().get(AttributeKey.doubleKey("risk.score"))).isEqualTo(0.25);
		assertThat(span.getAttributes().get(AttributeKey.booleanKey("payment.recurring"))).isTrue();
	}

	@Test
	void shouldLetTheWorkRecordWhatItLearns() {
		this.spans.run("provider_charge", (span) -> span.setAttribute("stripe.payment_intent_id", "pi_123"));
		assertThat(span("provider_charge").getAttributes().get(AttributeKey.stringKey("stripe.payment_intent_id")))
			.isEqualTo("pi_123");
	}

	@Test
	void shouldRecordAndRethrowACheckedExceptionUnchanged() {
		IOException declined = new IOException("card declined");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.spans.run("provider_charge", (span) -> {
			throw declined;
		})).isSameAs(declined);
		SpanData span = span("provider_charge");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().getDescription()).isEqualTo("card declined");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.io.IOException");
		assertThat(span.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(Span.current().getSpanContext().isValid()).as("scope closed").isFalse();
	}

	@Test
	void shouldEndWhenACompletableFutureCompletes() {
		CompletableFuture<String> pending = new CompletableFuture<>();
		CompletableFuture<String> returned = this.spans.call("fetch_rates", (span) -> pending);
		assertThat(returned).isSameAs(pending);
		assertThat(this.exporter.getFinishedSpanItems()).as("not ended before completion").isEmpty();
		pending.complete("1.08");
		assertThat(span("fetch_rates").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void shouldMarkAFailedCompletableFuture() {
		CompletableFuture<String> failed = this.spans.call("fetch_rates",
				(span) -> CompletableFuture.supplyAsync(() -> {
					throw new IllegalStateException("rates unavailable");
				}));
		assertThatExceptionOfType(Exception.class).isThrownBy(failed::join);
		SpanData span = awaitSpan("fetch_rates");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void shouldEndAMonoWhenItTerminates() {
		Mono<String> mono = this.spans.call("load_user", (span) -> Mono.just("alice").delayElement(Duration.ofMillis(50)));
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		StepVerifier.create(mono).expectNext("alice").verifyComplete();
		SpanData span = span("load_user");
		assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isGreaterThanOrEqualTo(50_000_000L);
	}

	@Test
	void shouldMarkAFailedFlux() {
		Flux<Integer> flux = this.spans.call("stream_rows",
				(span) -> Flux.just(1, 2).concatWith(Flux.error(new IllegalArgumentException("bad row"))));
		StepVerifier.create(flux).expectNext(1, 2).verifyError(IllegalArgumentException.class);
		assertThat(span("stream_rows").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	private SpanData awaitSpan(String name) {
		org.awaitility.Awaitility.await().until(() -> !this.exporter.getFinishedSpanItems().isEmpty());
		return span(name);
	}

	private SpanData span(String name) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		return spans.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + name + " in " + spans));
	}

}
