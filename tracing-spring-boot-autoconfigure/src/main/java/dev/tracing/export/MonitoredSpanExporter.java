package dev.tracing.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Counts what the exporter did with each batch into {@link ExportStatistics}: spans leave the queue when a batch is
 * handed over, and are exported or lost when the export completes.
 */
public final class MonitoredSpanExporter extends ForwardingSpanExporter {

	private final ExportStatistics statistics;

	public MonitoredSpanExporter(SpanExporter delegate, ExportStatistics statistics) {
		super(delegate);
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		this.statistics.dequeued(count);
		long export = this.statistics.exportStarted();
		CompletableResultCode result;
		try {
			result = delegate().export(spans);
		}
		catch (RuntimeException ex) {
			this.statistics.failed(export, count, describe(ex));
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		result.whenComplete(() -> {
			if (result.isSuccess()) {
				this.statistics.exported(export, count);
			}
			else {
				Throwable failure = result.getFailureThrowable();
				this.statistics.failed(export, count, (failure != null) ? describe(failure)
						: "export failed or timed out (" + delegate().getClass().getSimpleName() + ")");
			}
		});
		return result;
	}

	private static String describe(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		return (cause != failure && cause.getMessage() != null) ? message + ": " + cause.getMessage() : message;
	}

	@Override
	public String toString() {
		return delegate().toString();
	}

}
