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

	// The listener thread's record in process: intercept and afterRecord run on the same thread
	private final ThreadLocal<KafkaSpans.@Nullable Processing> processing = new ThreadLocal<>();

	TracingRecordInterceptor(KafkaSpans spans, @Nullable RecordInterceptor<K, V> delegate) {
		this.spans = spans;
		this.delegate = delegate;
	}

	@Nullable RecordInterceptor<K, V> getDelegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		endCurrent();
		try {
			KafkaSpans.Processing started = this.spans.startProcess(record, consumer);
			if (started != null) {
				this.processing.set(started);
			}
		}
		catch (RuntimeException ex) {
			// Tracing never stops a record
		}
		if (this.delegate == null) {
			return record;
		}
		ConsumerRecord<K, V> intercepted = this.delegate.intercept(record, consumer);
		if (intercepted == null) {
			endCurrent();
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
		KafkaSpans.Processing current = this.processing.get();
		if (current != null) {
			current.failed(exception);
		}
		if (this.delegate != null) {
			this.delegate.failure(record, exception, consumer);
		}
	}

	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.afterRecord(record, consumer);
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
