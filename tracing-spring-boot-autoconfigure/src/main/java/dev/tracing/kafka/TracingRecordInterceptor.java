package dev.tracing.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * A CONSUMER span around each record a listener processes, current while the listener runs; the container's own
 * interceptor, if any, runs inside it.
 */
final class TracingRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

	private final KafkaSpans spans;

	private final @Nullable RecordInterceptor<K, V> delegate;

	private final ListenerSpans processing = new ListenerSpans();

	TracingRecordInterceptor(KafkaSpans spans, @Nullable RecordInterceptor<K, V> delegate) {
		this.spans = spans;
		this.delegate = delegate;
	}

	@Nullable RecordInterceptor<K, V> getDelegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		this.processing.begin(() -> this.spans.startProcess(record, consumer));
		if (this.delegate == null) {
			return record;
		}
		ConsumerRecord<K, V> intercepted = this.delegate.intercept(record, consumer);
		if (intercepted == null) {
			this.processing.end();
		}
		return intercepted;
	}

	@Override
	public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		if (this.delegate != null) {
			this.delegate.success(record, consumer);
		}
	}

	@Override
	public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
		this.processing.failed(exception);
		if (this.delegate != null) {
			this.delegate.failure(record, exception, consumer);
		}
	}

	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		this.processing.endAfter(() -> {
			if (this.delegate != null) {
				this.delegate.afterRecord(record, consumer);
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
