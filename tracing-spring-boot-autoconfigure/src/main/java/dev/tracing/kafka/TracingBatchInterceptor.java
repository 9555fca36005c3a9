package dev.tracing.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * One CONSUMER span around each batch a batch listener processes, linked to every record's context, current while
 * the listener runs; the container's own interceptor, if any, runs inside it.
 */
final class TracingBatchInterceptor<K, V> implements BatchInterceptor<K, V> {

	private final KafkaSpans spans;

	private final @Nullable BatchInterceptor<K, V> delegate;

	private final ThreadLocal<KafkaSpans.@Nullable Processing> processing = new ThreadLocal<>();

	TracingBatchInterceptor(KafkaSpans spans, @Nullable BatchInterceptor<K, V> delegate) {
		this.spans = spans;
		this.delegate = delegate;
	}

	@Nullable BatchInterceptor<K, V> getDelegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		endCurrent();
		try {
			KafkaSpans.Processing started = this.spans.startBatch(records, consumer);
			if (started != null) {
				this.processing.set(started);
			}
		}
		catch (RuntimeException ex) {
			// Tracing never stops a batch
		}
		if (this.delegate == null) {
			return records;
		}
		ConsumerRecords<K, V> intercepted = this.delegate.intercept(records, consumer);
		if (intercepted == null) {
			endCurrent();
		}
		return intercepted;
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.success(records, consumer);
			}
		}
		finally {
			endCurrent();
		}
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			current.failed(exception);
		}
		try {
			if (this.delegate != null) {
				this.delegate.failure(records, exception, consumer);
			}
		}
		finally {
			endCurrent();
		}
	}

	@Override
	public void setupThreadState(Consumer<?, ?> consumer) {
		if (this.delegate != null) {
			this.delegate.setupThreadState(consumer);
		}
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.clearThreadState(consumer);
			}
		}
		finally {
			endCurrent();
		}
	}

	private void endCurrent() {
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			this.processing.remove();
			current.end();
		}
	}

}
