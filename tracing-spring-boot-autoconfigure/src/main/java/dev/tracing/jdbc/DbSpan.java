package dev.tracing.jdbc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * A recording database span that lasts until the rows of its result sets are read.
 * <p>
 * A query returns before the application reads a row; drivers then fetch rows in batches, one round trip each, as
 * the application reads them. While a result set of the span is open, the span's end is postponed: it ends when the
 * result set is read to its last row (then {@code db.response.returned_rows} is set) or closed, whichever comes
 * first. A result set closed before its last row leaves the attribute out: the total is not known.
 */
final class DbSpan {

	// Incubating in the semantic conventions 1.37 (not in the stable artifact): written here, not taken from the
	// alpha incubating artifact.
	static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");

	private final Span span;

	// Guarded by this
	private int openResults;

	private long returnedRows;

	private boolean rowsKnown = true;

	private boolean endRequested;

	private boolean ended;

	DbSpan(Span span) {
		this.span = span;
	}

	/**
	 * Keeps the span open for one more result set.
	 * @return whether the span was still open
	 */
	synchronized boolean holdForResults() {
		if (this.ended) {
			return false;
		}
		this.openResults++;
		return true;
	}

	/**
	 * Reports one result set done: read to its end, or closed.
	 * @param rows the rows it returned, or {@code null} when not read to its end
	 */
	void resultsDone(@Nullable Long rows) {
		synchronized (this) {
			if (this.openResults == 0) {
				return;
			}
			if (rows != null) {
				this.returnedRows += rows;
			}
			else {
				this.rowsKnown = false;
			}
			this.openResults--;
			if (this.openResults > 0 || !this.endRequested || this.ended) {
				return;
			}
			this.ended = true;
		}
		if (this.rowsKnown) {
			this.span.setAttribute(RETURNED_ROWS, this.returnedRows);
		}
		this.span.end();
	}

	/**
	 * Ends the span now, or once its open result sets are done.
	 */
	void end() {
		synchronized (this) {
			if (this.ended || this.endRequested) {
				return;
			}
			if (this.openResults > 0) {
				this.endRequested = true;
				return;
			}
			this.ended = true;
		}
		this.span.end();
	}

}
