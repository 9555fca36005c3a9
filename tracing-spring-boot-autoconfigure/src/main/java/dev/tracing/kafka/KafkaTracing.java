package dev.tracing.kafka;

import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Instruments Spring Kafka on the stable OpenTelemetry API, following the messaging semantic conventions.
 * <ul>
 * <li>Producers: each record sent makes a PRODUCER span {@code send {topic}}, child of the current span, ended when
 * the broker acknowledges it (then {@code messaging.destination.partition.id} and {@code messaging.kafka.offset} are
 * set); the span's context and the baggage go into the record's headers ({@code traceparent}, {@code tracestate},
 * {@code baggage}, or the formats configured).</li>
 * <li>Record listeners: each record makes a CONSUMER span {@code process {topic}}, child of the context in its
 * headers, current while the listener runs (so its database and HTTP spans are its children, and the baggage is
 * there), with {@code messaging.consumer.group.name}, partition and offset. A redelivered record (a retry) makes a
 * new span in the same trace; a record forwarded to a dead-letter topic keeps it too.</li>
 * <li>Batch listeners: one CONSUMER span per batch, a new trace, linked to each record's context, with
 * {@code messaging.batch.message_count}.</li>
 * </ul>
 * Keys and values are never read. Both sides record a failure as an {@code exception} event, status ERROR and
 * {@code error.type}. Instrumenting twice adds nothing.
 */
public final class KafkaTracing {

	/** Name of the instrumentation scope of Kafka spans. */
	public static final String INSTRUMENTATION_SCOPE = "dev.tracing.kafka";

	private final KafkaSpans spans;

	/**
	 * Create a new instance.
	 * @param openTelemetry the OpenTelemetry whose tracer provider makes the spans and whose propagators carry the
	 * context in record headers
	 * @param destinations the topics to trace
	 */
	public KafkaTracing(OpenTelemetry openTelemetry, DestinationFilter destinations) {
		this.spans = new KafkaSpans(openTelemetry.getTracer(INSTRUMENTATION_SCOPE),
				openTelemetry.getPropagators().getTextMapPropagator(), destinations);
	}

	/**
	 * Make every producer the factory creates from now on trace its sends.
	 * @param producerFactory the producer factory
	 */
	public <K, V> void instrument(ProducerFactory<K, V> producerFactory) {
		if (!isInstrumented(producerFactory)) {
			producerFactory.addPostProcessor(new TracingProducerPostProcessor<>(this.spans));
		}
	}

	/**
	 * Make the containers the factory creates from now on trace the records their listeners process. The factory's
	 * own record and batch interceptors are kept, and run inside the span.
	 * @param containerFactory the listener container factory
	 */
	public <K, V> void instrument(AbstractKafkaListenerContainerFactory<?, K, V> containerFactory) {
		if (isInstrumented(containerFactory)) {
			return;
		}
		RecordInterceptor<K, V> recordInterceptor = containerFactory.getRecordInterceptor();
		containerFactory.setRecordInterceptor(new TracingRecordInterceptor<>(this.spans, recordInterceptor));
		BatchInterceptor<K, V> batchInterceptor = containerFactory.getBatchInterceptor();
		containerFactory.setBatchInterceptor(new TracingBatchInterceptor<>(this.spans, batchInterceptor));
	}

	public static boolean isInstrumented(ProducerFactory<?, ?> producerFactory) {
		return producerFactory.getPostProcessors().stream().anyMatch(TracingProducerPostProcessor.class::isInstance);
	}

	public static boolean isInstrumented(AbstractKafkaListenerContainerFactory<?, ?, ?> containerFactory) {
		return containerFactory.getRecordInterceptor() instanceof TracingRecordInterceptor;
	}

}
