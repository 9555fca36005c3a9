package dev.tracing.viewer.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The mutable spans of one trace. Not thread-safe: guarded by the {@link TraceStore}
 * lock.
 */
final class Trace {

	private final String traceId;

	private final List<StoredSpan> spans = new ArrayList<>();

	private final Set<String> spanIds = new HashSet<>();

	private long startEpochNanos = Long.MAX_VALUE;

	private List<NPlusOne> nPlusOne = List.of();

	private Map<String, List<Attribute>> derivedTags = Map.of();

	Trace(String traceId) {
		this.traceId = traceId;
	}

	/**
	 * Add a span unless one with the same id is already there (exporters retry, so
	 * duplicates are expected).
	 * @param span the span to add
	 * @return whether the span was added
	 */
	boolean add(StoredSpan span) {
		if (!this.spanIds.add(span.spanId())) {
			return false;
		}
		this.spans.add(span);
		this.startEpochNanos = Math.min(this.startEpochNanos, span.startEpochNanos());
		return true;
	}

	List<StoredSpan> spans() {
		return this.spans;
	}

	int size() {
		return this.spans.size();
	}

	long startEpochNanos() {
		return this.startEpochNanos;
	}

	/**
	 * Find the N+1 queries again, after spans were added.
	 * @param threshold the number of identical statements under one parent that makes an N+1
	 */
	void detectNPlusOne(int threshold) {
		this.nPlusOne = NPlusOne.detect(this.spans, threshold);
		this.derivedTags = NPlusOne.tags(this.nPlusOne);
	}

	boolean anyMatch(BiPredicate<StoredSpan, List<Attribute>> predicate) {
		for (StoredSpan span : this.spans) {
			if (predicate.test(span, this.derivedTags.getOrDefault(span.spanId(), List.of()))) {
				return true;
			}
		}
		return false;
	}

	TraceSnapshot snapshot() {
		return new TraceSnapshot(this.traceId, this.spans, this.nPlusOne);
	}

}
