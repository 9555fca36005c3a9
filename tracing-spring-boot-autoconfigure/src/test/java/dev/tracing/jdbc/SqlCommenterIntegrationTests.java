package dev.tracing.jdbc;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.jdbc.TracingJdbcAutoConfiguration;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the statements H2 itself received, as its query statistics record them, with the SQL commenter on and off.
 */
class SqlCommenterIntegrationTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, DataSourceAutoConfiguration.class,
				TracingJdbcAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withPropertyValues("tracing.export.type=none", "spring.datasource.url=jdbc:h2:mem:commenter"
				+ UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

	@Test
	void shouldAppendTheTraceparentToEachStatementWhenEnabled() {
		this.contextRunner.withPropertyValues("tracing.jdbc.sql-commenter.enabled=true").run((context) -> {
			Span parent = runStatements(context);
			SpanData update = this.exporter.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals("UPDATE users"))
				.findFirst()
				.orElseThrow();
			// A prepared statement's text is fixed before its span starts: it names the span it was prepared under.
			// A statement run by its text names its own span.
			assertThat(received(context)).contains(
					"SELECT name FROM users WHERE id = ?" + comment(parent.getSpanContext()),
					"UPDATE users SET name = 'grace' WHERE id = 1" + comment(update.getSpanContext()));
		});
	}

	@Test
	void shouldSendStatementsUnchangedByDefault() {
		this.contextRunner.run((context) -> {
			runStatements(context);
			assertThat(context.getBean(JdbcTracing.class).isSqlCommenterEnabled()).isFalse();
			assertThat(received(context)).contains("SELECT name FROM users WHERE id = ?",
					"UPDATE users SET name = 'grace' WHERE id = 1")
				.noneMatch((statement) -> statement.contains("traceparent"));
		});
	}

	private static Span runStatements(AssertableApplicationContext context) {
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		jdbc.execute("SET QUERY_STATISTICS TRUE");
		jdbc.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
		jdbc.update("INSERT INTO users VALUES (1, 'ada')");
		Span parent = context.getBean(Tracer.class).spanBuilder("GET /users/{id}").startSpan();
		try (Scope ignored = parent.makeCurrent()) {
			jdbc.queryForList("SELECT name FROM users WHERE id = ?", String.class, 1);
			jdbc.update("UPDATE users SET name = 'grace' WHERE id = 1");
		}
		finally {
			parent.end();
		}
		return parent;
	}

	private static String comment(SpanContext context) {
		return " /*traceparent='00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
				+ context.getTraceFlags().asHex() + "'*/";
	}

	// Outside any trace: these statements are neither commented nor traced
	private static List<String> received(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForList("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS", String.class);
	}

}
