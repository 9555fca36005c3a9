package dev.tracing.kafka;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The processing span of a listener thread, between a Spring Kafka interceptor's {@code intercept} and the call that
 * ends the record's or batch's processing, which run on the same thread. Shared by the record and the batch
 * interceptor; tracing never stops a record or a batch.
 */
final class ListenerSpans {

	private final ThreadLocal<KafkaSpans.@Nullable Processing> processing = new ThreadLocal<>();

	/**
	 * Ends the thread's span, if one was left open, and starts the next.
	 * @param start starts the span, or returns {@code null} when there is none to make
	 */
	void begin(Supplier<KafkaSpans.@Nullable Processing> start) {
		end();
		try {
			KafkaSpans.Processing started = start.get();
			if (started != null) {
				this.processing.set(started);
			}
		}
		catch (RuntimeException ex) {
			// Tracing never stops a record or a batch
		}
	}

	void failed(Exception exception) {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			current.failed(exception);
		}
	}

	/**
	 * Runs the application's interceptor, then ends the thread's span whatever it did.
	 * @param delegateCall the call to the application's interceptor
	 */
	void endAfter(Runnable delegateCall) {
		try {
			delegateCall.run();
		}
		finally {
			end();
		}
	}

	void end() {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			this.processing.remove();
			current.end();
		}
	}

}
