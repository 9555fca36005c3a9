package dev.tracing.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.jdbc.TracingJdbcAutoConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statements run through Boot's own HikariCP data source over a real H2 database, inside a parent span; the spans
 * the real SDK exported are checked.
 */
class JdbcTracingIntegrationTests {

	private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final String database = "shop" + UUID.randomUUID().toString().replace("-", "");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, DataSourceAutoConfiguration.class,
				TracingJdbcAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withPropertyValues("tracing.export.type=none",
				"spring.datasource.url=jdbc:h2:mem:" + this.database + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.hikari.connection-test-query=SELECT 1");

	@Test
	void shouldMakeOneClientSpanPerQueryWithTheStableConventionsAndTheReturnedRows() {
		this.contextRunner.run((context) -> {
			DataSource dataSource = createUsers(context);
			SpanData parent = inSpan(context, () -> {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("SELECT id, name FROM users WHERE name LIKE 'a%'")) {
					while (rows.next()) {
						rows.getString("name");
						// Reading rows takes time: drivers fetch them in batches as they are read
						Thread.sleep(40);
					}
				}
			});
			SpanData query = single(SpanKind.CLIENT);
			assertThat(query.getName()).isEqualTo("SELECT users");
			assertThat(query.getTraceId()).isEqualTo(parent.getTraceId());
			assertThat(query.getParentSpanId()).isEqualTo(parent.getSpanId());
			assertThat(query.getInstrumentationScopeInfo().getName()).isEqualTo(JdbcTracing.INSTRUMENTATION_SCOPE);
			assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(attributes(query)).containsEntry("db.system.name", "h2database")
				.containsEntry("db.namespace", this.database)
				.containsEntry("db.query.text", "SELECT id, name FROM users WHERE name LIKE ?")
				.containsEntry("db.operation.name", "SELECT")
				.containsEntry("db.collection.name", "users")
				.containsEntry("db.response.returned_rows", 2L)
				.doesNotContainKeys("db.statement", "db.system", "db.name", "db.user", "db.connection_string");
			// The span lasts until the last row is read
			assertThat(query.getEndEpochNanos() - query.getStartEpochNanos()).isGreaterThanOrEqualTo(80_000_000L);
			assertThat(query.getEndEpochNanos()).isLessThanOrEqualTo(parent.getEndEpochNanos());
		});
	}

	@Test
	void shouldTracePreparedStatementsWithoutTheirParameterValues() {
		this.contextRunner.run((context) -> {
			DataSource dataSource = createUsers(context);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			inSpan(context, () -> assertThat(jdbc.queryForList("SELECT name FROM users WHERE id = ?", String.class, 2))
				.containsExactly("alice"));
			SpanData query = single(SpanKind.CLIENT);
			assertThat(query.getName()).isEqualTo("SELECT users");
			assertThat(attributes(query)).containsEntry("db.query.text", "SELECT name FROM users WHERE id = ?")
				.containsEntry("db.response.returned_rows", 1L);
			assertThat(attributes(query).keySet()).noneMatch((key) -> key.startsWith("db.query.parameter"));
		});
	}

	@Test
	void shouldTraceUpdatesWithoutReturnedRows() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(createUsers(context));
			inSpan(context, () -> jdbc.update("UPDATE users SET name = ? WHERE id = ?", "bob", 3));
			SpanData update = single(SpanKind.CLIENT);
			assertThat(update.getName()).isEqualTo("UPDATE users");
			assertThat(attributes(update)).containsEntry("db.query.text", "UPDATE users SET name = ? WHERE id = ?")
				.containsEntry("db.operation.name", "UPDATE")
				.doesNotContainKey("db.response.returned_rows");
		});
	}

	@Test
	void shouldMakeOneSpanPerBatch() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(createUsers(context));
			inSpan(context, () -> {
				jdbc.batchUpdate("INSERT INTO users (id, name) VALUES (?, ?)",
						List.of(new Object[] { 10, "x" }, new Object[] { 11, "y" }, new Object[] { 12, "z" }));
				jdbc.batchUpdate("INSERT INTO users (id, name) VALUES (20, 'carol')", "DELETE FROM users WHERE id = 20");
			});
			List<SpanData> batches = clientSpans();
			assertThat(batches).hasSize(2);
			assertThat(batches.get(0).getName()).isEqualTo("BATCH INSERT users");
			assertThat(attributes(batches.get(0))).containsEntry("db.operation.batch.size", 3L)
				.containsEntry("db.query.text", "INSERT INTO users (id, name) VALUES (?, ?)");
			assertThat(batches.get(1).getName()).isEqualTo("BATCH users");
			assertThat(attributes(batches.get(1))).containsEntry("db.operation.batch.size", 2L)
				.containsEntry("db.operation.name", "BATCH")
				.containsEntry("db.query.text", "INSERT INTO users (id, name) VALUES (?, ?); DELETE FROM users WHERE id = ?");
		});
	}

	@Test
	void shouldRecordAFailingStatementAsAnError() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(createUsers(context));
			inSpan(context, () -> assertThatExceptionOfType(BadSqlGrammarException.class)
				.isThrownBy(() -> jdbc.queryForList("SELECT * FROM no_such_table WHERE id = 7")));
			SpanData failed = single(SpanKind.CLIENT);
			assertThat(failed.getName()).isEqualTo("SELECT no_such_table");
			assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(attributes(failed)).containsEntry("error.type", "org.h2.jdbc.JdbcSQLSyntaxErrorException")
				.containsEntry("db.query.text", "SELECT * FROM no_such_table WHERE id = ?")
				.containsKey("db.response.status_code");
			assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
		});
	}

	@Test
	void shouldCountTheRowsOfAResultSetFetchedAfterExecute() {
		this.contextRunner.run((context) -> {
			DataSource dataSource = createUsers(context);
			inSpan(context, () -> {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					assertThat(statement.execute("SELECT * FROM users")).isTrue();
					try (ResultSet rows = statement.getResultSet()) {
						while (rows.next()) {
							rows.getInt(1);
						}
					}
				}
			});
			assertThat(attributes(single(SpanKind.CLIENT))).containsEntry("db.response.returned_rows", 3L);
		});
	}

	@Test
	void shouldLeaveReturnedRowsOutWhenTheResultSetIsClosedBeforeItsEnd() {
		this.contextRunner.run((context) -> {
			DataSource dataSource = createUsers(context);
			inSpan(context, () -> {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("SELECT * FROM users")) {
					assertThat(rows.next()).isTrue();
				}
			});
			SpanData query = single(SpanKind.CLIENT);
			assertThat(query.getName()).isEqualTo("SELECT users");
			assertThat(attributes(query)).doesNotContainKey("db.response.returned_rows");
		});
	}

	@Test
	void shouldMakeNoSpanOutsideATraceNorUnderAnUnsampledParent() {
		this.contextRunner.run((context) -> {
			DataSource dataSource = createUsers(context);
			new JdbcTemplate(dataSource).queryForList("SELECT * FROM users");
			SpanContext unsampled = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
					TraceFlags.getDefault(), TraceState.getDefault());
			try (Scope ignored = Context.root().with(Span.wrap(unsampled)).makeCurrent();
					Connection connection = dataSource.getConnection()) {
				// The data source's own connection: nothing in the way of its statements
				assertThat(connection.getClass().getName()).startsWith("com.zaxxer.hikari.pool.HikariProxyConnection");
				try (Statement statement = connection.createStatement()) {
					statement.executeQuery("SELECT * FROM users").close();
				}
			}
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	@Test
	void shouldNotTraceThePoolsConnectionTestQuery() {
		this.contextRunner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1").run((context) -> {
			DataSource dataSource = createUsers(context);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			inSpan(context, () -> {
				jdbc.queryForList("SELECT * FROM users");
				// HikariCP tests a connection idle for more than 500 ms before handing it out again
				Thread.sleep(700);
				jdbc.queryForList("SELECT * FROM users WHERE id = 1");
			});
			assertThat(clientSpans()).extracting((span) -> span.getAttributes().get(QUERY_TEXT))
				.containsExactly("SELECT * FROM users", "SELECT * FROM users WHERE id = ?");
		});
	}

	@Test
	void shouldKeepTheConcreteTypeOfTheDataSourceAndInstrumentItOnce() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracing.class);
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(JdbcTracing.isInstrumented(hikari)).isTrue();
			assertThat(context.getBean(JdbcTracing.class).instrument(hikari)).isSameAs(hikari);
			// Methods other than getConnection reach the pool itself, which starts on the first connection
			assertThat(hikari.getJdbcUrl()).contains(this.database);
			assertThat(hikari.isRunning()).isFalse();
			hikari.getConnection().close();
			assertThat(hikari.isRunning()).isTrue();
			assertThat(hikari.unwrap(HikariDataSource.class)).isNotNull();
		});
	}

	private DataSource createUsers(AssertableApplicationContext context) {
		DataSource dataSource = context.getBean(DataSource.class);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
		jdbc.update("INSERT INTO users VALUES (1, 'ada'), (2, 'alice'), (3, 'grace')");
		assertThat(this.exporter.getFinishedSpanItems()).as("statements outside any trace").isEmpty();
		return dataSource;
	}

	private SpanData inSpan(AssertableApplicationContext context, ThrowingRunnable body) throws Exception {
		Tracer tracer = context.getBean(Tracer.class);
		Span parent = tracer.spanBuilder("GET /users").setSpanKind(SpanKind.SERVER).startSpan();
		try (Scope ignored = parent.makeCurrent()) {
			body.run();
		}
		finally {
			parent.end();
		}
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElseThrow();
	}

	private List<SpanData> clientSpans() {
		return this.exporter.getFinishedSpanItems().stream().filter((span) -> span.getKind() == SpanKind.CLIENT).toList();
	}

	private SpanData single(SpanKind kind) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == kind)
			.toList();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static Map<String, Object> attributes(SpanData span) {
		Map<String, Object> attributes = new java.util.LinkedHashMap<>();
		span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
		return attributes;
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
