package dev.tracing.rabbit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_BATCH_MESSAGE_COUNT;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_DESTINATION_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_DESTINATION_SUBSCRIPTION_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_OPERATION_NAME;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_OPERATION_TYPE;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_RABBITMQ_MESSAGE_DELIVERY_TAG;
import static dev.tracing.messaging.MessagingAttributeKeys.MESSAGING_SYSTEM;

/**
 * Starts the spans of published and processed messages, as the messaging semantic conventions for RabbitMQ name and
 * describe them. Bodies are never read.
 */
final class RabbitSpans {

	static final String RABBITMQ = "rabbitmq";

	// How the default exchange (whose name is empty) is shown in span names
	static final String DEFAULT_EXCHANGE = "<default>";

	static final int MAX_LINKS = 128;

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final DestinationFilter destinations;

	RabbitSpans(Tracer tracer, TextMapPropagator propagator, DestinationFilter destinations) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.destinations = destinations;
	}

	boolean isTraced(String exchange, String routingKey) {
		return this.destinations.isTraced(exchange) && (!exchange.isEmpty() || this.destinations.isTraced(routingKey));
	}

	/**
	 * Starts the PRODUCER span of a publish, child of the current span.
	 * @param exchange the exchange, empty for the default one
	 * @param routingKey the routing key
	 * @param peerAddress the broker's address
	 * @param peerPort the broker's port
	 * @return the span
	 */
	Span startPublish(String exchange, String routingKey, @Nullable String peerAddress, int peerPort) {
		// On the default exchange the routing key is the queue's name: the only name the destination has
		String destination = !exchange.isEmpty() ? exchange : (!routingKey.isEmpty() ? routingKey : DEFAULT_EXCHANGE);
		SpanBuilder builder = this.tracer.spanBuilder("send " + destination)
			.setSpanKind(SpanKind.PRODUCER)
			.setAttribute(MESSAGING_SYSTEM, RABBITMQ)
			.setAttribute(MESSAGING_DESTINATION_NAME, exchange)
			.setAttribute(MESSAGING_OPERATION_TYPE, "send")
			.setAttribute(MESSAGING_OPERATION_NAME, "publish");
		if (!routingKey.isEmpty()) {
			builder.setAttribute(MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY, routingKey);
		}
		if (peerAddress != null) {
			builder.setAttribute(NetworkAttributes.NETWORK_PEER_ADDRESS, peerAddress);
			if (peerPort > 0) {
				builder.setAttribute(NetworkAttributes.NETWORK_PEER_PORT, (long) peerPort);
			}
		}
		return builder.startSpan();
	}

	/**
	 * The headers of a message to publish with the span's context and the current baggage added.
	 * @param headers the message's headers, if any
	 * @param span the PRODUCER span
	 * @return new headers
	 */
	Map<String, Object> withContext(@Nullable Map<String, Object> headers, Span span) {
		Map<String, Object> result = (headers != null) ? new HashMap<>(headers) : new HashMap<>();
		this.propagator.inject(Context.current().with(span), result, (carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		return result;
	}

	/**
	 * Starts the CONSUMER span of one message, child of the context in its headers.
	 * @param message the message
	 * @return the span and its context, or {@code null} when the destination is not traced
	 */
	@Nullable Context startProcess(Message message) {
		MessageProperties properties = message.getMessageProperties();
		String exchange = nonNull(properties.getReceivedExchange());
		String routingKey = nonNull(properties.getReceivedRoutingKey());
		String queue = properties.getConsumerQueue();
		if (!isTraced(exchange, routingKey) || (queue != null && !this.destinations.isTraced(queue))) {
			return null;
		}
		Context parent = this.propagator.extract(Context.root(), properties.getHeaders(), HeaderGetter.INSTANCE);
		SpanBuilder builder = processSpan(queue, exchange, parent);
		if (!routingKey.isEmpty()) {
			builder.setAttribute(MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY, routingKey);
		}
		builder.setAttribute(MESSAGING_RABBITMQ_MESSAGE_DELIVERY_TAG, properties.getDeliveryTag());
		Span span = builder.startSpan();
		return parent.with(span);
	}

	/**
	 * Starts the one CONSUMER span of a batch, a new trace linked to each message's context.
	 * @param messages the messages
	 * @return the span's context, or {@code null} when no message's destination is traced
	 */
	@Nullable Context startBatch(List<?> messages) {
		Set<String> queues = new LinkedHashSet<>();
		Set<String> exchanges = new LinkedHashSet<>();
		List<SpanContext> links = new ArrayList<>();
		int count = 0;
		for (Object item : messages) {
			if (!(item instanceof Message message)) {
				continue;
			}
			MessageProperties properties = message.getMessageProperties();
			String exchange = nonNull(properties.getReceivedExchange());
			if (!isTraced(exchange, nonNull(properties.getReceivedRoutingKey()))) {
				continue;
			}
			count++;
			exchanges.add(exchange);
			if (properties.getConsumerQueue() != null) {
				queues.add(properties.getConsumerQueue());
			}
			if (links.size() < MAX_LINKS) {
				SpanContext context = Span
					.fromContext(this.propagator.extract(Context.root(), properties.getHeaders(), HeaderGetter.INSTANCE))
					.getSpanContext();
				if (context.isValid()) {
					links.add(context);
				}
			}
		}
		if (count == 0) {
			return null;
		}
		String queue = (queues.size() == 1) ? queues.iterator().next() : null;
		String exchange = (exchanges.size() == 1) ? exchanges.iterator().next() : null;
		SpanBuilder builder = processSpan(queue, exchange, Context.root()).setAttribute(MESSAGING_BATCH_MESSAGE_COUNT,
				(long) count);
		links.forEach(builder::addLink);
		return Context.root().with(builder.startSpan());
	}

	private SpanBuilder processSpan(@Nullable String queue, @Nullable String exchange, Context parent) {
		String name = (queue != null) ? queue
				: (exchange != null) ? (exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange) : null;
		SpanBuilder builder = this.tracer.spanBuilder((name != null) ? "process " + name : "process")
			.setSpanKind(SpanKind.CONSUMER)
			.setParent(parent)
			.setAttribute(MESSAGING_SYSTEM, RABBITMQ)
			.setAttribute(MESSAGING_OPERATION_TYPE, "process")
			.setAttribute(MESSAGING_OPERATION_NAME, "process");
		if (exchange != null) {
			builder.setAttribute(MESSAGING_DESTINATION_NAME, exchange);
		}
		if (queue != null) {
			builder.setAttribute(MESSAGING_DESTINATION_SUBSCRIPTION_NAME, queue);
		}
		return builder;
	}

	static void failed(Span span, Throwable failure) {
		span.setStatus(StatusCode.ERROR);
		span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
		span.recordException(failure);
	}

	private static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * Reads propagation fields from AMQP headers, whose text values arrive as the client's {@code LongString}.
	 */
	enum HeaderGetter implements TextMapGetter<Map<String, Object>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, Object> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, Object> carrier, String key) {
			if (carrier == null) {
				return null;
			}
			Object value = carrier.get(key);
			if (value == null) {
				return null;
			}
			if (value instanceof byte[] bytes) {
				return new String(bytes, StandardCharsets.UTF_8);
			}
			return value.toString();
		}

	}

}
