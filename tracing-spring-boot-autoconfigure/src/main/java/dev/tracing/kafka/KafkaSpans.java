package dev.tracing.kafka;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_BATCH_MESSAGE_COUNT;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_CONSUMER_GROUP_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_DESTINATION_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_DESTINATION_PARTITION_ID;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_KAFKA_OFFSET;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_OPERATION_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_OPERATION_TYPE;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_SYSTEM;

/**
 * Starts the spans of sent and processed records, as the messaging semantic conventions name and describe them. Keys
 * and values are never read.
 */
final class KafkaSpans {

	static final String KAFKA = "kafka";

	// A batch span links to at most this many records' contexts.
	static final int MAX_LINKS = 128;

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final DestinationFilter destinations;

	KafkaSpans(Tracer tracer, TextMapPropagator propagator, DestinationFilter destinations) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.destinations = destinations;
	}

	/**
	 * Starts the PRODUCER span of a record and writes its context into the record's headers. Its parent is the
	 * current span; without one, the context the record already carries (a record forwarded to a retry or
	 * dead-letter topic keeps its trace).
	 * @param record the record about to be sent
	 * @return the span, or {@code null} when the topic is not traced
	 */
	@Nullable Span startSend(ProducerRecord<?, ?> record) {
		String topic = record.topic();
		if (topic == null || !this.destinations.isTraced(topic)) {
			return null;
		}
		Context parent = Context.current();
		if (!Span.fromContext(parent).getSpanContext().isValid()) {
			parent = this.propagator.extract(parent, record.headers(), RecordHeaders.INSTANCE);
		}
		SpanBuilder builder = this.tracer.spanBuilder("send " + topic)
			.setSpanKind(SpanKind.PRODUCER)
			.setParent(parent)
			.setAttribute(MESSAGING_SYSTEM, KAFKA)
			.setAttribute(MESSAGING_DESTINATION_NAME, topic)
			.setAttribute(MESSAGING_OPERATION_TYPE, "send")
			.setAttribute(MESSAGING_OPERATION_NAME, "send");
		if (record.partition() != null) {
			builder.setAttribute(MESSAGING_DESTINATION_PARTITION_ID, record.partition().toString());
		}
		Span span = builder.startSpan();
		try {
			this.propagator.inject(parent.with(span), record.headers(), RecordHeaders.INSTANCE);
		}
		catch (IllegalStateException ex) {
			// Read-only headers: a record handed to send twice. Its span stays, its headers as they were.
		}
		return span;
	}

	static void sent(Span span, @Nullable RecordMetadata metadata, @Nullable Exception failure) {
		if (metadata != null) {
			span.setAttribute(MESSAGING_DESTINATION_PARTITION_ID, Integer.toString(metadata.partition()));
			if (metadata.hasOffset()) {
				span.setAttribute(MESSAGING_KAFKA_OFFSET, metadata.offset());
			}
		}
		if (failure != null) {
			failed(span, failure);
		}
		span.end();
	}

	/**
	 * Starts the CONSUMER span of one record, child of the context its headers carry, and makes it current.
	 * @param record the record
	 * @param consumer the consumer that polled it
	 * @return the processing, or {@code null} when the topic is not traced
	 */
	@Nullable Processing startProcess(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer) {
		if (!this.destinations.isTraced(record.topic())) {
			return null;
		}
		Context parent = this.propagator.extract(Context.root(), record.headers(), RecordHeaders.INSTANCE);
		SpanBuilder builder = processSpan(record.topic(), parent, consumer)
			.setAttribute(MESSAGING_DESTINATION_PARTITION_ID, Integer.toString(record.partition()))
			.setAttribute(MESSAGING_KAFKA_OFFSET, record.offset());
		Span span = builder.startSpan();
		return new Processing(span, parent.with(span).makeCurrent());
	}

	/**
	 * Starts the one CONSUMER span of a batch, linked to the context of each record, and makes it current.
	 * @param records the records
	 * @param consumer the consumer that polled them
	 * @return the processing, or {@code null} when no record's topic is traced
	 */
	@Nullable Processing startBatch(ConsumerRecords<?, ?> records, @Nullable Consumer<?, ?> consumer) {
		Set<String> topics = new LinkedHashSet<>();
		List<SpanContext> links = new ArrayList<>();
		int count = 0;
		for (ConsumerRecord<?, ?> record : records) {
			if (!this.destinations.isTraced(record.topic())) {
				continue;
			}
			count++;
			topics.add(record.topic());
			if (links.size() < MAX_LINKS) {
				SpanContext context = Span
					.fromContext(this.propagator.extract(Context.root(), record.headers(), RecordHeaders.INSTANCE))
					.getSpanContext();
				if (context.isValid()) {
					links.add(context);
				}
			}
		}
		if (count == 0) {
			return null;
		}
		String topic = (topics.size() == 1) ? topics.iterator().next() : null;
		SpanBuilder builder = processSpan(topic, Context.root(), consumer).setAttribute(MESSAGING_BATCH_MESSAGE_COUNT,
				(long) count);
		for (SpanContext link : links) {
			builder.addLink(link);
		}
		Span span = builder.startSpan();
		return new Processing(span, Context.root().with(span).makeCurrent());
	}

	private SpanBuilder processSpan(@Nullable String topic, Context parent, @Nullable Consumer<?, ?> consumer) {
		SpanBuilder builder = this.tracer.spanBuilder((topic != null) ? "process " + topic : "process")
			.setSpanKind(SpanKind.CONSUMER)
			.setParent(parent)
			.setAttribute(MESSAGING_SYSTEM, KAFKA)
			.setAttribute(MESSAGING_OPERATION_TYPE, "process")
			.setAttribute(MESSAGING_OPERATION_NAME, "process");
		if (topic != null) {
			builder.setAttribute(MESSAGING_DESTINATION_NAME, topic);
		}
		String group = groupId(consumer);
		if (group != null) {
			builder.setAttribute(MESSAGING_CONSUMER_GROUP_NAME, group);
		}
		return builder;
	}

	private static @Nullable String groupId(@Nullable Consumer<?, ?> consumer) {
		if (consumer == null) {
			return null;
		}
		try {
			String group = consumer.groupMetadata().groupId();
			return (group == null || group.isEmpty()) ? null : group;
		}
		catch (RuntimeException ex) {
			// A consumer without a group (manual assignment) has no group metadata
			return null;
		}
	}

	static void failed(Span span, Throwable failure) {
		span.setStatus(StatusCode.ERROR);
		span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
		span.recordException(failure);
	}

	/**
	 * A record or batch being processed: its span, current until it ends.
	 */
	static final class Processing {

		private final Span span;

		private final Scope scope;

		Processing(Span span, Scope scope) {
			this.span = span;
			this.scope = scope;
		}

		void failed(Throwable failure) {
			KafkaSpans.failed(this.span, failure);
		}

		void end() {
			this.scope.close();
			this.span.end();
		}

	}

}
