package dev.tracing.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A {@link SpanExporter} that keeps every span it is handed, in memory, in the order the spans were exported. It
 * stands where the OTLP exporter would, behind the starter's batch processor and redaction, so it holds exactly
 * what the application would have sent.
 */
public final class CapturingSpanExporter implements SpanExporter {

	private final List<SpanData> spans = new ArrayList<>();

	@Override
	public CompletableResultCode export(Collection<SpanData> batch) {
		synchronized (this.spans) {
			this.spans.addAll(batch);
		}
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Returns a copy of the spans exported so far.
	 * @return the spans, oldest export first
	 */
	public List<SpanData> spans() {
		synchronized (this.spans) {
			return List.copyOf(this.spans);
		}
	}

	/**
	 * Forgets every span exported so far.
	 */
	public void reset() {
		synchronized (this.spans) {
			this.spans.clear();
		}
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	// Keeps what it holds after the tracer provider shuts down: a test may read it after closing a context.
	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "CapturingSpanExporter";
	}

}
