package dev.tracing.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter in front of another: it does its own work on each batch and hands it on; flushing and shutting
 * down go straight to the exporter behind it, which the batch processor shuts down through this one.
 */
public abstract class ForwardingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	protected ForwardingSpanExporter(SpanExporter delegate) {
		this.delegate = delegate;
	}

	/**
	 * The exporter the batches are handed on to.
	 * @return the exporter behind this one
	 */
	protected final SpanExporter delegate() {
		return this.delegate;
	}

	@Override
	public final CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public final CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

}
