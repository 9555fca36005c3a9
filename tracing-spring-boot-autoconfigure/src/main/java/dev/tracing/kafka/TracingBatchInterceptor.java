package dev.tracing.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * One CONSUMER span around each batch a batch listener processes, linked to every record's context, current while
 * the listener runs; the container's own interceptor, if any, runs inside it.
 */
final class TracingBatchInterceptor<K, V> extends ListenerInterceptor<BatchInterceptor<K, V>>
		implements BatchInterceptor<K, V> {

	private final KafkaSpans spans;

	TracingBatchInterceptor(KafkaSpans spans, @Nullable BatchInterceptor<K, V> delegate) {
		super(delegate);
		this.spans = spans;
	}

	@Override
	public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		begin(() -> this.spans.startBatch(records, consumer));
		BatchInterceptor<K, V> delegate = delegate();
		return (delegate != null) ? endIfDropped(delegate.intercept(records, consumer)) : records;
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		delegateThenEnd((interceptor) -> interceptor.success(records, consumer));
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		failed(exception);
		delegateThenEnd((interceptor) -> interceptor.failure(records, exception, consumer));
	}

}
