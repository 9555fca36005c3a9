package dev.tracing.viewer.store;

import java.util.List;

/**
 * An immutable copy of the spans of one trace, as stored when it was taken.
 *
 * @param traceId the trace id, 32 lowercase hex characters
 * @param spans the spans, in the order they were received
 */
public record TraceSnapshot(String traceId, List<StoredSpan> spans) {

	public TraceSnapshot {
		spans = List.copyOf(spans);
	}

	public long startEpochNanos() {
		return this.spans.stream().mapToLong(StoredSpan::startEpochNanos).min().orElse(0);
	}

	public long endEpochNanos() {
		return this.spans.stream().mapToLong(StoredSpan::endEpochNanos).max().orElse(0);
	}

}
