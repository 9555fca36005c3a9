package dev.tracing.viewer.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.tracing.viewer.store.TraceStoreTests.spanId;
import static dev.tracing.viewer.store.TraceStoreTests.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link NPlusOne} and its detection by the {@link TraceStore}.
 */
class NPlusOneTests {

	private static final SpanResource USERS = new SpanResource("users",
			List.of(Attribute.ofString("service.name", "users")));

	private static final String TRACE = traceId(1);

	private static final String PARENT = spanId(1);

	@Test
	void sixIdenticalChildStatementsAreAnNPlusOne() {
		List<StoredSpan> spans = new ArrayList<>(List.of(server()));
		for (int i = 0; i < 6; i++) {
			spans.add(db(spanId(10 + i), PARENT, "SELECT * FROM orders WHERE user_id = ?"));
		}
		spans.add(db(spanId(30), PARENT, "SELECT * FROM users WHERE id = ?"));
		List<NPlusOne> found = NPlusOne.detect(spans, 5);
		assertThat(found).singleElement().satisfies((nPlusOne) -> {
			assertThat(nPlusOne.parentSpanId()).isEqualTo(PARENT);
			assertThat(nPlusOne.statement()).isEqualTo("SELECT * FROM orders WHERE user_id = ?");
			assertThat(nPlusOne.count()).isEqualTo(6);
			assertThat(nPlusOne.spanIds()).containsExactly(spanId(10), spanId(11), spanId(12), spanId(13), spanId(14),
					spanId(15));
		});
		Map<String, List<Attribute>> tags = NPlusOne.tags(found);
		assertThat(tags.get(PARENT)).containsExactly(Attribute.ofBoolean("n_plus_one", true),
				Attribute.ofLong("n_plus_one.count", 6),
				Attribute.ofString("n_plus_one.statement", "SELECT * FROM orders WHERE user_id = ?"));
		assertThat(tags.get(spanId(12))).containsExactly(Attribute.ofLong("n_plus_one.repeated", 6));
		assertThat(tags).doesNotContainKey(spanId(30));
	}

	@Test
	void sixDifferentChildStatementsAreNot() {
		List<StoredSpan> spans = new ArrayList<>(List.of(server()));
		for (int i = 0; i < 6; i++) {
			spans.add(db(spanId(10 + i), PARENT, "SELECT * FROM table_" + i + " WHERE id = ?"));
		}
		assertThat(NPlusOne.detect(spans, 5)).isEmpty();
	}

	@Test
	void theSameStatementUnderDifferentParentsIsNot() {
		List<StoredSpan> spans = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			spans.add(db(spanId(10 + i), spanId(100 + i), "SELECT * FROM orders WHERE user_id = ?"));
		}
		assertThat(NPlusOne.detect(spans, 5)).isEmpty();
	}

	@Test
	void olderAttributeNamesAndTheThresholdCount() {
		List<StoredSpan> spans = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			spans.add(span(spanId(10 + i), PARENT, List.of(Attribute.ofString("db.system", "postgresql"),
					Attribute.ofString("db.statement", "SELECT * FROM orders WHERE user_id = ?"))));
		}
		// Not database spans: an HTTP call has no db.system
		for (int i = 0; i < 6; i++) {
			spans.add(span(spanId(20 + i), PARENT, List.of(Attribute.ofString("db.statement", "GET /"))));
		}
		assertThat(NPlusOne.detect(spans, 3)).singleElement().extracting(NPlusOne::count).isEqualTo(3);
		assertThat(NPlusOne.detect(spans, 4)).isEmpty();
	}

	@Test
	void theStoreFindsThemAgainAsSpansArriveInLaterBatches() {
		TraceStore store = new TraceStore(1000, 5);
		List<StoredSpan> first = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			first.add(db(spanId(10 + i), PARENT, "SELECT * FROM orders WHERE user_id = ?"));
		}
		store.add(first);
		assertThat(store.find(TRACE).orElseThrow().nPlusOne()).isEmpty();
		store.add(List.of(db(spanId(14), PARENT, "SELECT * FROM orders WHERE user_id = ?"), server()));
		TraceSnapshot trace = store.find(TRACE).orElseThrow();
		assertThat(trace.nPlusOne()).singleElement().extracting(NPlusOne::count).isEqualTo(5);
		assertThat(trace.derivedTags().get(PARENT)).contains(Attribute.ofBoolean("n_plus_one", true));
		// Searchable through the derived tags, which plain span predicates do not see
		assertThat(store.search((span, tags) -> tags.contains(Attribute.ofBoolean("n_plus_one", true)), 10))
			.extracting(TraceSnapshot::traceId)
			.containsExactly(TRACE);
		TraceStore strict = new TraceStore(1000, 7);
		strict.add(trace.spans());
		assertThat(strict.find(TRACE).orElseThrow().nPlusOne()).isEmpty();
	}

	@Test
	void thresholdMustBeAtLeastTwo() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceStore(1000, 1))
			.withMessageContaining("nPlusOneThreshold");
	}

	private static StoredSpan server() {
		return span(PARENT, null, List.of());
	}

	private static StoredSpan db(String spanId, String parent, String statement) {
		return span(spanId, parent, List.of(Attribute.ofString("db.system.name", "postgresql"),
				Attribute.ofString("db.query.text", statement)));
	}

	private static StoredSpan span(String spanId, @Nullable String parent, List<Attribute> attributes) {
		return new StoredSpan(TRACE, spanId, parent, "span", StoredSpan.Kind.CLIENT, 10, 20, attributes, List.of(),
				List.of(), StoredSpan.StatusCode.UNSET, "", "", "", USERS);
	}

}
