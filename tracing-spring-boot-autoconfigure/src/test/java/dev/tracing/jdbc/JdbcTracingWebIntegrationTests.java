package dev.tracing.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application on a random port: the health check, which the starter skips, runs its validation query
 * through the instrumented data source and makes no span; a request that reads a user makes a SERVER span and, under
 * it, one database span.
 */
@SpringBootTest(classes = JdbcTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=users", "tracing.export.batch.schedule-delay=10ms",
				"spring.datasource.url=jdbc:h2:mem:webusers;DB_CLOSE_DELAY=-1",
				"spring.datasource.hikari.connection-test-query=SELECT 1",
				"management.endpoint.health.show-details=always" })
class JdbcTracingWebIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Test
	void shouldTraceTheStatementsOfARequestButNotThoseOfTheSkippedHealthCheck() throws Exception {
		String health = get("/actuator/health");
		assertThat(health).contains("\"db\"", "\"validationQuery\":\"SELECT 1\"", "\"UP\"");
		assertThat(get("/users/2")).contains("grace");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.exporter.getFinishedSpanItems().size() >= 2);
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(2);
		SpanData server = spans.stream().filter((span) -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
		SpanData query = spans.stream().filter((span) -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
		assertThat(server.getName()).isEqualTo("GET /users/{id}");
		assertThat(query.getName()).isEqualTo("SELECT users");
		assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(query.getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.isEqualTo("SELECT id, name FROM users WHERE id = ?");
		assertThat(query.getAttributes().get(AttributeKey.longKey("db.response.returned_rows"))).isEqualTo(1L);
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
