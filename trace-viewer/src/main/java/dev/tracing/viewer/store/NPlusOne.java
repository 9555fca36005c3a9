package dev.tracing.viewer.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An N+1 query: one parent span with {@code threshold} or more child database spans (spans with a
 * {@code db.system.name} or {@code db.system} attribute) running the same statement ({@code db.query.text} or
 * {@code db.statement}, as sanitized by the instrumentation), typically a loop issuing one query per item.
 *
 * @param parentSpanId the id of the parent span, which may not have been received
 * @param statement the repeated statement
 * @param spanIds the ids of the repeated spans, in order of arrival
 */
public record NPlusOne(String parentSpanId, String statement, List<String> spanIds) {

	/** Tag of the parent span: {@code true}. */
	public static final String TAG = "n_plus_one";

	/** Tag of the parent span: how many times its most repeated statement ran. */
	public static final String COUNT_TAG = "n_plus_one.count";

	/** Tag of the parent span: its most repeated statement. */
	public static final String STATEMENT_TAG = "n_plus_one.statement";

	/** Tag of each repeated span: how many times its statement ran under the same parent. */
	public static final String REPEATED_TAG = "n_plus_one.repeated";

	public NPlusOne {
		spanIds = List.copyOf(spanIds);
	}

	public int count() {
		return this.spanIds.size();
	}

	/**
	 * Find the N+1 queries among the spans of one trace.
	 * @param spans the spans of the trace
	 * @param threshold the number of identical statements under one parent that makes an N+1
	 * @return the N+1 queries, the most repeated first
	 */
	public static List<NPlusOne> detect(Collection<StoredSpan> spans, int threshold) {
		Map<String, Map<String, List<String>>> byParent = new HashMap<>();
		for (StoredSpan span : spans) {
			String statement = statement(span);
			if (span.parentSpanId() != null && statement != null) {
				byParent.computeIfAbsent(span.parentSpanId(), (parent) -> new LinkedHashMap<>())
					.computeIfAbsent(statement, (key) -> new ArrayList<>())
					.add(span.spanId());
			}
		}
		List<NPlusOne> found = new ArrayList<>();
		byParent.forEach((parent, statements) -> statements.forEach((statement, ids) -> {
			if (ids.size() >= threshold) {
				found.add(new NPlusOne(parent, statement, ids));
			}
		}));
		found.sort(Comparator.comparingInt(NPlusOne::count).reversed().thenComparing(NPlusOne::parentSpanId));
		return found;
	}

	/**
	 * The tags that show N+1 queries: on each parent, {@value #TAG}, {@value #COUNT_TAG} and
	 * {@value #STATEMENT_TAG} for its most repeated statement; on each repeated span, {@value #REPEATED_TAG}.
	 * @param found the N+1 queries of one trace, the most repeated first
	 * @return the tags to add, by span id
	 */
	public static Map<String, List<Attribute>> tags(List<NPlusOne> found) {
		Map<String, List<Attribute>> tags = new HashMap<>();
		for (NPlusOne nPlusOne : found) {
			// The most repeated statement comes first and names the parent's problem
			tags.computeIfAbsent(nPlusOne.parentSpanId(), (parent) -> List.of(Attribute.ofBoolean(TAG, true),
					Attribute.ofLong(COUNT_TAG, nPlusOne.count()), Attribute.ofString(STATEMENT_TAG, nPlusOne.statement())));
			for (String spanId : nPlusOne.spanIds()) {
				tags.merge(spanId, List.of(Attribute.ofLong(REPEATED_TAG, nPlusOne.count())), NPlusOne::concat);
			}
		}
		return tags;
	}

	private static List<Attribute> concat(List<Attribute> first, List<Attribute> second) {
		List<Attribute> all = new ArrayList<>(first);
		all.addAll(second);
		return List.copyOf(all);
	}

	private static @Nullable String statement(StoredSpan span) {
		boolean database = false;
		String queryText = null;
		String statement = null;
		for (Attribute attribute : span.attributes()) {
			switch (attribute.key()) {
				case "db.system.name", "db.system" -> database = true;
				case "db.query.text" -> queryText = attribute.valueAsString();
				case "db.statement" -> statement = attribute.valueAsString();
				default -> {
				}
			}
		}
		if (!database) {
			return null;
		}
		String text = (queryText != null) ? queryText : statement;
		return (text != null && !text.isBlank()) ? text : null;
	}

}
