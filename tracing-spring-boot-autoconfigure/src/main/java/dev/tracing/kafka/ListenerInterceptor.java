package dev.tracing.kafka;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ThreadStateProcessor;

/**
 * What the record and the batch interceptor share: the processing span of a listener thread, from {@code intercept}
 * to the call that ends the record's or batch's processing (both run on the listener thread), and the delegation to
 * the container's own interceptor, which runs inside the span. Tracing never stops a record or a batch.
 *
 * @param <D> the type of the container's own interceptor
 */
abstract class ListenerInterceptor<D extends ThreadStateProcessor> implements ThreadStateProcessor {

	private final @Nullable D delegate;

	private final ThreadLocal<KafkaSpans.@Nullable Processing> processing = new ThreadLocal<>();

	ListenerInterceptor(@Nullable D delegate) {
		this.delegate = delegate;
	}

	/**
	 * Ends the thread's span, if one was left open, and starts the next.
	 * @param start starts the span, or returns {@code null} when there is none to make
	 */
	final void begin(Supplier<KafkaSpans.@Nullable Processing> start) {
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

	/**
	 * The container's own interceptor.
	 * @return the interceptor, or {@code null} when the container has none
	 */
	final @Nullable D delegate() {
		return this.delegate;
	}

	/**
	 * Ends the thread's span when the container's interceptor dropped the record or batch: the listener never runs.
	 * @param <T> a record or a batch
	 * @param intercepted what the container's interceptor returned
	 * @return {@code intercepted}
	 */
	final <T> @Nullable T endIfDropped(@Nullable T intercepted) {
		if (intercepted == null) {
			end();
		}
		return intercepted;
	}

	/**
	 * Marks the thread's span failed.
	 * @param exception what the listener threw
	 */
	final void failed(Exception exception) {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			current.failed(exception);
		}
	}

	/**
	 * Passes a call on to the container's interceptor, if there is one.
	 * @param call the call
	 */
	final void delegate(Consumer<D> call) {
		if (this.delegate != null) {
			call.accept(this.delegate);
		}
	}

	/**
	 * Passes a call on to the container's interceptor, then ends the thread's span whatever it did.
	 * @param call the call
	 */
	final void delegateThenEnd(Consumer<D> call) {
		try {
			delegate(call);
		}
		finally {
			end();
		}
	}

	private void end() {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			this.processing.remove();
			current.end();
		}
	}

	@Override
	public final void setupThreadState(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
		delegate((interceptor) -> interceptor.setupThreadState(consumer));
	}

	@Override
	public final void clearThreadState(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
		delegateThenEnd((interceptor) -> interceptor.clearThreadState(consumer));
	}

}
