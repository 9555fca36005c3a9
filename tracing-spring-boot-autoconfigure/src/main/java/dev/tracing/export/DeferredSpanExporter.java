package dev.tracing.export;

import java.util.Collection;
import java.util.ServiceConfigurationError;
import java.util.function.Supplier;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A span exporter that is built when it first has spans to export (on the batch processor's thread), not at
 * start-up. Building an OTLP exporter creates its HTTP client (OkHttp and the Kotlin runtime under it: some 400
 * classes, a sixth of a second of CPU), which the first request does not need: its span waits in the batch
 * processor's queue until the first export. An exporter that never had spans is never built, not even to be shut
 * down. The exporter's builder is configured at start-up, so a bad setting still fails start-up.
 */
public final class DeferredSpanExporter implements SpanExporter {

	private static final Log logger = LogFactory.getLog(DeferredSpanExporter.class);

	private final Class<? extends SpanExporter> type;

	private final Supplier<? extends SpanExporter> factory;

	private final Object lock = new Object();

	private volatile @Nullable SpanExporter exporter;

	private volatile @Nullable RuntimeException failure;

	private volatile boolean shutdown;

	/**
	 * Creates an exporter that builds its delegate on first use.
	 * @param type the type of exporter the factory builds, named by {@link #getExporterType()} before it is built
	 * @param factory builds the exporter, once
	 */
	public DeferredSpanExporter(Class<? extends SpanExporter> type, Supplier<? extends SpanExporter> factory) {
		this.type = type;
		this.factory = factory;
	}

	/**
	 * The type of the exporter behind this one, built or not.
	 * @return the exporter's type
	 */
	public Class<? extends SpanExporter> getExporterType() {
		return this.type;
	}

	/**
	 * The exporter behind this one, built now if it was not yet.
	 * @return the exporter
	 * @throws RuntimeException if the exporter cannot be built (it is not tried again), or was shut down unbuilt
	 */
	public SpanExporter getExporter() {
		SpanExporter built = this.exporter;
		if (built != null) {
			return built;
		}
		synchronized (this.lock) {
			built = this.exporter;
			if (built != null) {
				return built;
			}
			RuntimeException failed = this.failure;
			if (failed != null) {
				throw failed;
			}
			if (this.shutdown) {
				throw new IllegalStateException("The " + this.type.getSimpleName() + " was shut down before it was built");
			}
			try {
				built = this.factory.get();
			}
			catch (RuntimeException | LinkageError | ServiceConfigurationError ex) {
				// Logged once; every later export fails with it, counted by the export statistics.
				RuntimeException cause = new IllegalStateException(
						"Cannot build the " + this.type.getSimpleName() + ": " + ex, ex);
				logger.error("Spans are not exported. " + cause.getMessage(), ex);
				this.failure = cause;
				throw cause;
			}
			this.exporter = built;
			return built;
		}
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown) {
			return CompletableResultCode.ofFailure();
		}
		SpanExporter built;
		try {
			built = getExporter();
		}
		catch (RuntimeException ex) {
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		return built.export(spans);
	}

	@Override
	public CompletableResultCode flush() {
		SpanExporter built = this.exporter;
		return (built != null) ? built.flush() : CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		SpanExporter built;
		synchronized (this.lock) {
			this.shutdown = true;
			built = this.exporter;
		}
		return (built != null) ? built.shutdown() : CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		SpanExporter built = this.exporter;
		return (built != null) ? built.toString() : this.type.getSimpleName() + " (built on the first export)";
	}

}
