package dev.tracing.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * The SDK's {@link BatchSpanProcessor}, with its queue bound kept in front of it so that a span that would not fit is
 * counted as dropped instead of vanishing silently. Ending a span never blocks: a full queue drops the span.
 */
public final class BoundedBatchSpanProcessor implements SpanProcessor {

	private final BatchSpanProcessor delegate;

	private final ExportStatistics statistics;

	private final int capacity;

	public BoundedBatchSpanProcessor(BatchSpanProcessor delegate, ExportStatistics statistics, int capacity) {
		this.delegate = delegate;
		this.statistics = statistics;
		this.capacity = capacity;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getSpanContext().isSampled() && this.statistics.tryEnqueue(this.capacity)) {
			this.delegate.onEnd(span);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.delegate.forceFlush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	public BatchSpanProcessor getBatchSpanProcessor() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "BoundedBatchSpanProcessor{" + this.delegate + "}";
	}

}
