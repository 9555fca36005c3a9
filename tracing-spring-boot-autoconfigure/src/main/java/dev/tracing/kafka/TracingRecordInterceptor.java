package dev.tracing.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * A CONSUMER span around each record a listener processes, current while the listener runs; the container's own
 * interceptor, if any, runs inside it.
 */
final class TracingRecordInterceptor<K, V> extends ListenerInterceptor<RecordInterceptor<K, V>>
		implements RecordInterceptor<K, V> {

	private final KafkaSpans spans;

	TracingRecordInterceptor(KafkaSpans spans, @Nullable RecordInterceptor<K, V> delegate) {
		super(delegate);
		this.spans = spans;
	}

	@Override
	public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		begin(() -> this.spans.startProcess(record, consumer));
		RecordInterceptor<K, V> delegate = delegate();
		return (delegate != null) ? endIfDropped(delegate.intercept(record, consumer)) : record;
	}

	@Override
	public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		delegate((interceptor) -> interceptor.success(record, consumer));
	}

	@Override
	public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
		failed(exception);
		delegate((interceptor) -> interceptor.failure(record, exception, consumer));
	}

	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		delegateThenEnd((interceptor) -> interceptor.afterRecord(record, consumer));
	}

}
