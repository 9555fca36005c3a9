package dev.tracing.jdbc;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * A recording database span that lasts until the rows of its result set are read.
 * <p>
 * The JDBC library ends a query's span as soon as {@code executeQuery} returns, before the application reads a row.
 * While a result set of the span is open, that end is postponed: the span ends when the result set is read to its
 * last row (then {@code db.response.returned_rows} is set) or closed, whichever comes first. Its duration so covers
 * fetching the rows, which drivers do in batches, one round trip each, as the application reads them. A result set
 * closed before its last row leaves the attribute out: the total is not known.
 */
final class DbSpan implements Span {

	static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");

	private final Span delegate;

	// Guarded by this
	private int openResults;

	private long returnedRows;

	private boolean rowsKnown = true;

	private boolean endRequested;

	private boolean ended;

	DbSpan(Span delegate) {
		this.delegate = delegate;
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
			this.delegate.setAttribute(RETURNED_ROWS, this.returnedRows);
		}
		this.delegate.end();
	}

	@Override
	public void end() {
		if (!deferEnd()) {
			this.delegate.end();
		}
	}

	@Override
	public void end(long timestamp, TimeUnit unit) {
		if (!deferEnd()) {
			this.delegate.end(timestamp, unit);
		}
	}

	// Whether the delegate must not end now: already ended, or a result set is still open.
	private synchronized boolean deferEnd() {
		if (this.ended || this.endRequested) {
			return true;
		}
		if (this.openResults > 0) {
			this.endRequested = true;
			return true;
		}
		this.ended = true;
		return false;
	}

	@Override
	public <T> Span setAttribute(AttributeKey<T> key, @Nullable T value) {
		this.delegate.setAttribute(key, value);
		return this;
	}

	@Override
	public Span addEvent(String name, Attributes attributes) {
		this.delegate.addEvent(name, attributes);
		return this;
	}

	@Override
	public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
		this.delegate.addEvent(name, attributes, timestamp, unit);
		return this;
	}

	@Override
	public Span setStatus(StatusCode statusCode, String description) {
		this.delegate.setStatus(statusCode, description);
		return this;
	}

	@Override
	public Span recordException(Throwable exception, Attributes additionalAttributes) {
		this.delegate.recordException(exception, additionalAttributes);
		return this;
	}

	@Override
	public Span updateName(String name) {
		this.delegate.updateName(name);
		return this;
	}

	@Override
	public Span addLink(SpanContext spanContext, Attributes attributes) {
		this.delegate.addLink(spanContext, attributes);
		return this;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.delegate.getSpanContext();
	}

	@Override
	public boolean isRecording() {
		return this.delegate.isRecording();
	}

	@Override
	public String toString() {
		return "DbSpan{" + this.delegate + "}";
	}

}
