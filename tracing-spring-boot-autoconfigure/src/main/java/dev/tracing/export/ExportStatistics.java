package dev.tracing.export;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * What happened to finished spans on their way out: exported, dropped because the queue was full, or lost in a
 * failed export; how many wait in the queue; and the exporter's last error. Read by the {@code tracing} health and
 * info contributions and the {@code tracing.spans.*} meters.
 */
public final class ExportStatistics {

	private final AtomicLong queued = new AtomicLong();

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong droppedQueueFull = new AtomicLong();

	private final AtomicLong droppedExportFailed = new AtomicLong();

	private final AtomicLong failedExports = new AtomicLong();

	private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

	private final AtomicReference<@Nullable Instant> lastErrorTime = new AtomicReference<>();

	private final AtomicReference<@Nullable Instant> lastSuccessTime = new AtomicReference<>();

	private final AtomicLong exportSequence = new AtomicLong();

	// The most recently started export that has completed, for each outcome: an old export failing late must not
	// hide a newer one that succeeded.
	private final AtomicLong lastSucceeded = new AtomicLong();

	private final AtomicLong lastFailed = new AtomicLong();

	public long queued() {
		return this.queued.get();
	}

	public long exported() {
		return this.exported.get();
	}

	public long droppedQueueFull() {
		return this.droppedQueueFull.get();
	}

	public long droppedExportFailed() {
		return this.droppedExportFailed.get();
	}

	public long dropped() {
		return droppedQueueFull() + droppedExportFailed();
	}

	public long failedExports() {
		return this.failedExports.get();
	}

	/**
	 * Whether the last export failed: the collector is unreachable or refusing spans.
	 */
	public boolean isFailing() {
		return this.lastFailed.get() > this.lastSucceeded.get();
	}

	public @Nullable String lastError() {
		return this.lastError.get();
	}

	public @Nullable Instant lastErrorTime() {
		return this.lastErrorTime.get();
	}

	public @Nullable Instant lastSuccessTime() {
		return this.lastSuccessTime.get();
	}

	/**
	 * Reserves a place in the export queue.
	 * @param capacity the queue's capacity
	 * @return whether there was room; if not, the span counts as dropped
	 */
	boolean tryEnqueue(int capacity) {
		if (this.queued.incrementAndGet() > capacity) {
			this.queued.decrementAndGet();
			this.droppedQueueFull.incrementAndGet();
			return false;
		}
		return true;
	}

	void dequeued(int count) {
		this.queued.addAndGet(-count);
	}

	long exportStarted() {
		return this.exportSequence.incrementAndGet();
	}

	void exported(long export, int count) {
		this.exported.addAndGet(count);
		this.lastSuccessTime.set(Instant.now());
		this.lastSucceeded.accumulateAndGet(export, Math::max);
	}

	void failed(long export, int count, String error) {
		this.droppedExportFailed.addAndGet(count);
		this.failedExports.incrementAndGet();
		this.lastError.set(error);
		this.lastErrorTime.set(Instant.now());
		this.lastFailed.accumulateAndGet(export, Math::max);
	}

}
