package dev.tracing.rabbit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.rabbitmq.client.ConnectionFactory;
import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.OpenTelemetry;
import org.aopalliance.aop.Advice;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;

/**
 * Instruments RabbitMQ through Spring AMQP on the stable OpenTelemetry API, following the messaging semantic
 * conventions for RabbitMQ.
 * <ul>
 * <li>Publishing: every {@code basicPublish} of a client connection factory (so every {@code RabbitTemplate} send)
 * makes a PRODUCER span {@code send {exchange}} ({@code send {routing key}} on the default exchange), child of the
 * current span, around the real publish: {@code messaging.system=rabbitmq}, {@code messaging.destination.name} (the
 * exchange, empty for the default one), {@code messaging.rabbitmq.destination.routing_key},
 * {@code network.peer.address}/{@code port}. Its context and the baggage go into the message headers.</li>
 * <li>Listeners: each message makes a CONSUMER span {@code process {queue}}, child of the context in its headers and
 * current while the listener runs, with {@code messaging.destination.subscription.name} (the queue), the exchange,
 * routing key and {@code messaging.rabbitmq.message.delivery_tag}; a batch makes one span linked to each message.</li>
 * </ul>
 * Bodies are never read. Instrumenting twice adds nothing.
 */
public final class RabbitTracing {

	/** Name of the instrumentation scope of RabbitMQ spans. */
	public static final String INSTRUMENTATION_SCOPE = "dev.tracing.rabbit";

	private final RabbitSpans spans;

	private final TracingObservationCollector collector;

	private final TracingListenerAdvice advice;

	/**
	 * Create a new instance.
	 * @param openTelemetry the OpenTelemetry whose tracer provider makes the spans and whose propagators carry the
	 * context in message headers
	 * @param destinations the exchanges and queues to trace
	 */
	public RabbitTracing(OpenTelemetry openTelemetry, DestinationFilter destinations) {
		this.spans = new RabbitSpans(openTelemetry.getTracer(INSTRUMENTATION_SCOPE),
				openTelemetry.getPropagators().getTextMapPropagator(), destinations);
		this.collector = new TracingObservationCollector(this.spans);
		this.advice = new TracingListenerAdvice(this.spans);
	}

	/**
	 * Make the connections the client factory opens from now on trace their publishes.
	 * @param connectionFactory the RabbitMQ client's connection factory
	 */
	public void instrument(ConnectionFactory connectionFactory) {
		connectionFactory.setObservationCollector(this.collector);
	}

	/**
	 * Make the containers the factory creates from now on trace the messages their listeners process; the
	 * factory's advice chain is kept, inside the span.
	 * @param containerFactory the listener container factory
	 */
	public void instrument(BaseRabbitListenerContainerFactory<?> containerFactory) {
		if (isInstrumented(containerFactory)) {
			return;
		}
		Advice[] existing = containerFactory.getAdviceChain();
		List<Advice> chain = new ArrayList<>();
		chain.add(this.advice);
		if (existing != null) {
			chain.addAll(Arrays.asList(existing));
		}
		containerFactory.setAdviceChain(chain.toArray(Advice[]::new));
	}

	public static boolean isInstrumented(BaseRabbitListenerContainerFactory<?> containerFactory) {
		Advice[] chain = containerFactory.getAdviceChain();
		return chain != null && Arrays.stream(chain).anyMatch(TracingListenerAdvice.class::isInstance);
	}

}
