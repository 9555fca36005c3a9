package dev.tracing.jdbc;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.Clock;
import org.jspecify.annotations.Nullable;

/**
 * A recording database span whose end can wait until the rows of its result set are counted.
 * <p>
 * The JDBC library ends a query's span as soon as {@code executeQuery} returns, before the application reads a row.
 * While a result set of the span is open, the end is recorded but not applied; once the rows are read to the end,
 * {@code db.response.returned_rows} is set and the span ends at the time the library asked for, so its duration stays
 * the statement's own. A result set closed before its last row leaves the attribute out: the total is not known.
 */
final class DbSpan implements Span {

	static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");

	private final Span delegate;

	private final Clock clock;

	// Guarded by this
	private int openResults;

	private long returnedRows;

	private boolean rowsKnown = true;

	private long requestedEndEpochNanos = -1;

	private boolean ended;

	DbSpan(Span delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
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
	 * Reports one result set done.
	 * @param rows the rows it returned, or {@code null} when not read to its end
	 */
	void resultsDone(@Nullable Long rows) {
		long endEpochNanos;
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
			if (this.openResults > 0 || this.requestedEndEpochNanos < 0 || this.ended) {
				return;
			}
			this.ended = true;
			endEpochNanos = this.requestedEndEpochNanos;
		}
		if (this.rowsKnown) {
			this.delegate.setAttribute(RETURNED_ROWS, this.returnedRows);
		}
		this.delegate.end(endEpochNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void end() {
		if (deferEnd(-1)) {
			return;
		}
		this.delegate.end();
	}

	@Override
	public void end(long timestamp, TimeUnit unit) {
		if (deferEnd(unit.toNanos(timestamp))) {
			return;
		}
		this.delegate.end(timestamp, unit);
	}

	// Whether the delegate must not end now: already ended, or a result set is still open.
	private synchronized boolean deferEnd(long epochNanos) {
		if (this.ended || this.requestedEndEpochNanos >= 0) {
			return true;
		}
		if (this.openResults > 0) {
			this.requestedEndEpochNanos = (epochNanos >= 0) ? epochNanos : this.clock.now();
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
