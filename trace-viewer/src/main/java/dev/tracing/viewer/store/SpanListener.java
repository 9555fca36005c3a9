package dev.tracing.viewer.store;

import java.util.List;

/**
 * Told of the spans a {@link TraceStore} added, duplicates left out, such as the span
 * metrics of the Monitor view. Called under the store's write lock: keep it short, and
 * never call the store back.
 */
@FunctionalInterface
public interface SpanListener {

	/**
	 * Spans were added to the store.
	 * @param spans the spans added, not those ignored as duplicates
	 */
	void spansAdded(List<StoredSpan> spans);

}
