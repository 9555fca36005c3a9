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

	private final ListenerSpans processing = new ListenerSpans();

	TracingBatchInterceptor(KafkaSpans spans, @Nullable BatchInterceptor<K, V> delegate) {
		this.spans = spans;
		this.delegate = delegate;
	}

	@Nullable BatchInterceptor<K, V> getDelegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		this.processing.begin(() -> this.spans.startBatch(records, consumer));
		if (this.delegate == null) {
			return records;
		}
		ConsumerRecords<K, V> intercepted = this.delegate.intercept(records, consumer);
		if (intercepted == null) {
			this.processing.end();
		}
		return intercepted;
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		this.processing.endAfter(() -> {
			if (this.delegate != null) {
				this.delegate.success(records, consumer);
			}
		});
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		this.processing.failed(exception);
		this.processing.endAfter(() -> {
			if (this.delegate != null) {
				this.delegate.failure(records, exception, consumer);
			}
		});
	}

	@Override
	public void setupThreadState(Consumer<?, ?> consumer) {
		if (this.delegate != null) {
			this.delegate.setupThreadState(consumer);
		}
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		this.processing.endAfter(() -> {
			if (this.delegate != null) {
				this.delegate.clearThreadState(consumer);
			}
		});
	}

}
