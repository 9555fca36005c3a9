package dev.tracing.redaction;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingSpanExporterTests {

	private final RedactingSpanExporter exporter = new RedactingSpanExporter(null,
			new Redactor(List.of(), List.of()));

	@Test
	void passesAttributesWithNothingToMaskOnAsTheyAre() {
		Attributes clean = Attributes.builder()
			.put("http.request.method", "GET")
			.put("url.path", "/users/42/orders")
			.put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")
			.put("server.port", 8080L)
			.build();
		assertThat(this.exporter.redact(clean)).isSameAs(clean);
	}

	@Test
	void masksOnlyWhatMustBeMaskedAndKeepsTheRest() {
		Attributes attributes = Attributes.builder()
			.put("url.path", "/users/42/orders")
			.put("app.api_key", "k-123")
			.put("note", "paid with 4242 4242 4242 4242")
			.put("server.port", 8080L)
			.build();
		Attributes redacted = this.exporter.redact(attributes);
		assertThat(redacted.asMap()).hasSize(4)
			.containsEntry(AttributeKey.stringKey("url.path"), "/users/42/orders")
			.containsEntry(AttributeKey.stringKey("app.api_key"), Redactor.MASK)
			.containsEntry(AttributeKey.stringKey("note"), "paid with REDACTED")
			.containsEntry(AttributeKey.longKey("server.port"), 8080L);
	}

	@Test
	void masksItemsOfTextArraysAndPassesCleanArraysOnAsTheyAre() {
		List<String> clean = List.of("GET /users/{id}", "application/json");
		List<String> secret = List.of("a", "Bearer abcdefgh123", "4242 4242 4242 4242");
		Attributes attributes = Attributes.builder()
			.put(AttributeKey.stringArrayKey("clean"), clean)
			.put(AttributeKey.stringArrayKey("notes"), secret)
			.build();
		Attributes redacted = this.exporter.redact(attributes);
		assertThat(redacted.get(AttributeKey.stringArrayKey("clean"))).isEqualTo(clean);
		assertThat(redacted.get(AttributeKey.stringArrayKey("notes"))).containsExactly("a", "Bearer REDACTED",
				Redactor.MASK);
		Attributes cleanOnly = Attributes.of(AttributeKey.stringArrayKey("clean"), clean);
		assertThat(this.exporter.redact(cleanOnly)).isSameAs(cleanOnly);
	}

	@Test
	void masksEachSpanOfABatchOnItsOwnAndPassesCleanSpansOnAsTheyAre() {
		InMemorySpanExporter delegate = InMemorySpanExporter.create();
		RedactingSpanExporter exporter = new RedactingSpanExporter(delegate, new Redactor(List.of(), List.of()));
		SpanData clean = span("GET /users/{id}", Attributes.of(AttributeKey.stringKey("url.path"), "/users/42"));
		SpanData secret = span("GET /pay", Attributes.of(AttributeKey.stringKey("url.path"), "/pay/4242424242424242"));
		exporter.export(List.of(clean, secret, clean));
		List<SpanData> exported = delegate.getFinishedSpanItems();
		assertThat(exported).hasSize(3);
		assertThat(exported.get(0)).isSameAs(clean);
		assertThat(exported.get(1).getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/pay/REDACTED");
		assertThat(exported.get(2)).isSameAs(clean);
	}

	private static SpanData span(String name, Attributes attributes) {
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
					TraceFlags.getSampled(), TraceState.getDefault()))
			.setName(name)
			.setKind(SpanKind.SERVER)
			.setAttributes(attributes)
			.setStatus(StatusData.unset())
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.build();
	}

}
