package dev.tracing.viewer.store;

import java.util.List;
import java.util.Map;

/**
 * An immutable copy of the spans of one trace, as stored when it was taken.
 *
 * @param traceId the trace id, 32 lowercase hex characters
 * @param spans the spans, in the order they were received
 * @param nPlusOne the N+1 queries found in the spans, the most repeated first
 */
public record TraceSnapshot(String traceId, List<StoredSpan> spans, List<NPlusOne> nPlusOne) {

	public TraceSnapshot {
		spans = List.copyOf(spans);
		nPlusOne = List.copyOf(nPlusOne);
	}

	public TraceSnapshot(String traceId, List<StoredSpan> spans) {
		this(traceId, spans, List.of());
	}

	/**
	 * Return the tags that show the N+1 queries, by span id.
	 * @return the tags to add to the spans' own
	 * @see NPlusOne#tags(List)
	 */
	public Map<String, List<Attribute>> derivedTags() {
		return NPlusOne.tags(this.nPlusOne);
	}

	public long startEpochNanos() {
		return this.spans.stream().mapToLong(StoredSpan::startEpochNanos).min().orElse(0);
	}

	public long endEpochNanos() {
		return this.spans.stream().mapToLong(StoredSpan::endEpochNanos).max().orElse(0);
	}

}
