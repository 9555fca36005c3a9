package dev.tracing.rabbit;

import java.io.IOException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.observation.ObservationCollector;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * The RabbitMQ Java client's observation SPI: each {@code basicPublish} makes a PRODUCER span, child of the current
 * span, around the real publish, and carries its context in the message headers. Deliveries are traced by the
 * listener container, where the application's code runs.
 */
final class TracingObservationCollector implements ObservationCollector {

	private final RabbitSpans spans;

	TracingObservationCollector(RabbitSpans spans) {
		this.spans = spans;
	}

	@Override
	public void publish(PublishCall call, AMQP.Basic.Publish publish, AMQP.BasicProperties properties, byte[] body,
			ConnectionInfo connectionInfo) throws IOException {
		String exchange = (publish.getExchange() != null) ? publish.getExchange() : "";
		String routingKey = (publish.getRoutingKey() != null) ? publish.getRoutingKey() : "";
		Span span = null;
		AMQP.BasicProperties traced = properties;
		try {
			if (this.spans.isTraced(exchange, routingKey)) {
				span = this.spans.startPublish(exchange, routingKey, peerAddress(connectionInfo),
						peerPort(connectionInfo));
				AMQP.BasicProperties base = (properties != null) ? properties : new AMQP.BasicProperties();
				traced = base.builder().headers(this.spans.withContext(base.getHeaders(), span)).build();
			}
		}
		catch (RuntimeException ex) {
			// Tracing never stops a publish
			traced = properties;
		}
		try {
			call.publish(traced);
		}
		catch (IOException | RuntimeException ex) {
			if (span != null) {
				RabbitSpans.failed(span, ex);
			}
			throw ex;
		}
		finally {
			if (span != null) {
				span.end();
			}
		}
	}

	@Override
	public Consumer basicConsume(String queue, String consumerTag, Consumer consumer) {
		return consumer;
	}

	@Override
	public @Nullable GetResponse basicGet(BasicGetCall call, String queue) {
		return call.get();
	}

	private static @Nullable String peerAddress(@Nullable ConnectionInfo info) {
		return (info != null) ? info.getPeerAddress() : null;
	}

	private static int peerPort(@Nullable ConnectionInfo info) {
		return (info != null) ? info.getPeerPort() : -1;
	}

}
