package dev.tracing.test.example.users;

import java.util.List;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.INTERNAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} with {@code @AutoConfigureTracingCapture}: a Spring Data JDBC repository on the slice's
 * embedded database, its statements captured as database spans under the operation that ran them.
 * <p>
 * Without a test-managed transaction: the transaction {@code @DataJdbcTest} opens before each test takes its
 * connection while no span is current, and the starter's JDBC instrumentation currently makes no statement spans on
 * such a connection, for its whole life (seen while writing this test).
 */
@DataJdbcTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@AutoConfigureTracingCapture
class DataJdbcSliceTracingTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	CapturedSpans spans;

	@Autowired
	Tracer tracer;

	@Test
	void repositoryStatementsAreDatabaseSpansOfTheOperation() {
		Span operation = this.tracer.spanBuilder("save_and_find").startSpan();
		try (Scope scope = operation.makeCurrent()) {
			this.notes.save(new Note(null, "first"));
			assertThat(this.notes.findByText("first")).hasSize(1);
		}
		finally {
			operation.end();
		}

		assertThat(this.spans).hasSpanCount(3).hasTraceSatisfying((trace) -> trace.isOneTree()
			.hasRootSpan("save_and_find")
			.hasKind(INTERNAL));
		List<SpanData> statements = this.spans.spans().stream().filter((span) -> span.getKind() == CLIENT).toList();
		assertThat(statements).hasSize(2).allSatisfy((statement) -> OpenTelemetryAssertions.assertThat(statement)
			.hasAttribute(DbAttributes.DB_SYSTEM_NAME, "h2database"));
		assertThat(statements).extracting((statement) -> statement.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
			.containsExactly("INSERT INTO \"NOTES\" (\"TEXT\") VALUES (?)",
					"SELECT \"NOTES\".\"ID\" AS \"ID\", \"NOTES\".\"TEXT\" AS \"TEXT\" FROM \"NOTES\" WHERE \"NOTES\".\"TEXT\" = ?");
	}

}
