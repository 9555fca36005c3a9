package dev.tracing.autoconfigure.rabbit;

import com.rabbitmq.client.ConnectionFactory;
import dev.tracing.rabbit.RabbitTracing;

import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;

/**
 * Sets the tracing observation collector on the RabbitMQ client connection factory Spring Boot configures.
 */
final class RabbitTracingConnectionFactoryCustomizer implements ConnectionFactoryCustomizer {

	private final RabbitTracing tracing;

	RabbitTracingConnectionFactoryCustomizer(RabbitTracing tracing) {
		this.tracing = tracing;
	}

	@Override
	public void customize(ConnectionFactory factory) {
		this.tracing.instrument(factory);
	}

}
