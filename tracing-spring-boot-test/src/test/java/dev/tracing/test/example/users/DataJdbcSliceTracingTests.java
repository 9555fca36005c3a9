package dev.tracing.test.example.users;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} with {@code @AutoConfigureTracingCapture}: a Spring Data JDBC repository on the slice's
 * embedded database, its statements captured as database spans under the operation that ran them.
 * <p>
 * Without a test-managed transaction: inside the transaction {@code @DataJdbcTest} opens before each test, the
 * starter's JDBC instrumentation currently makes no statement spans at all (seen while writing this test; the JDBC
 * instrumentation is being rewritten).
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

		assertThat(this.spans).hasSpanCount(3).hasTraceSatisfying((trace) -> trace.hasRootSpan("save_and_find")
			.hasChildrenNamed("INSERT NOTES", "SELECT NOTES")
			.hasChild("INSERT NOTES", (insert) -> insert.hasKind(CLIENT)
				.hasAttribute(DbAttributes.DB_SYSTEM_NAME, "h2database")
				.hasAttribute(DbAttributes.DB_QUERY_TEXT, "INSERT INTO \"NOTES\" (\"TEXT\") VALUES (?)"))
			.hasChild("SELECT NOTES", (select) -> select.hasKind(CLIENT).hasAttribute("db.response.returned_rows", 1)));
	}

}
