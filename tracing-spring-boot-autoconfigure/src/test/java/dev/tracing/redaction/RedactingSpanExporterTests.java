package dev.tracing.redaction;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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

}
