package dev.tracing.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.jdbc.TracingJdbcAutoConfiguration;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.ReceivedSpans.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports database spans through the real OTLP/HTTP exporter to a receiver on loopback, and checks the bytes that
 * went over the wire: the statement is there, its literals and parameter values are not.
 */
class DatabaseSpanExportIntegrationTests {

	private static final String LITERAL = "ada-4711@secret.example";

	private static final String NUMBER = "987654321";

	private static final String PARAMETER = "param-0815-secret";

	@RegisterExtension
	final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				DataSourceAutoConfiguration.class, TracingJdbcAutoConfiguration.class))
		.withPropertyValues(this.receiver.exportProperties())
		.withPropertyValues("spring.application.name=users", "spring.datasource.url=jdbc:h2:mem:export"
				+ UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

	@Test
	void shouldExportTheSanitizedStatementButNoLiteralNorParameterValue() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.execute("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(80), name VARCHAR(50))");
			Tracer tracer = context.getBean(Tracer.class);
			Span parent = tracer.spanBuilder("GET /users").startSpan();
			try (Scope ignored = parent.makeCurrent()) {
				jdbc.queryForList("SELECT * FROM users WHERE email = '" + LITERAL + "' AND id = " + NUMBER
						+ " AND name = ?", PARAMETER);
			}
			finally {
				parent.end();
			}
			ReceivedSpans spans = this.receiver.awaitSpans(2);
			ReceivedSpan query = spans.named("SELECT users");
			assertThat(query.parentSpanId()).isEqualTo(spans.named("GET /users").spanId());
			assertThat(query.attributes()).containsEntry("db.query.text",
					"SELECT * FROM users WHERE email = ? AND id = ? AND name = ?")
				.containsEntry("db.response.returned_rows", "0");
			for (OtlpHttpReceiver.Received request : this.receiver.requests()) {
				String wire = new String(request.rawBody(), StandardCharsets.ISO_8859_1);
				assertThat(wire).contains("SELECT * FROM users WHERE email = ?")
					.doesNotContain(LITERAL)
					.doesNotContain(NUMBER)
					.doesNotContain(PARAMETER);
			}
		});
	}

}
