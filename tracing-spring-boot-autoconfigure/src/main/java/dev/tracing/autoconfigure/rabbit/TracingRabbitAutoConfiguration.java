package dev.tracing.autoconfigure.rabbit;

import com.rabbitmq.client.observation.ObservationCollector;
import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.messaging.DestinationFilter;
import dev.tracing.rabbit.RabbitTracing;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of RabbitMQ spans: the RabbitMQ client connection factory Spring Boot configures traces its
 * publishes, and every listener container factory bean its deliveries, through {@link RabbitTracing}. Backs off, side
 * by side, where the application turned Spring AMQP's own observations on
 * ({@code spring.rabbitmq.template.observation-enabled}, {@code spring.rabbitmq.listener.*.observation-enabled}).
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		beforeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass({ RabbitTemplate.class, ObservationCollector.class, ConnectionFactoryCustomizer.class })
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.messaging.rabbit.enabled", matchIfMissing = true)
public final class TracingRabbitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class })
	RabbitTracing rabbitTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
		return new RabbitTracing(openTelemetry,
				DestinationFilter.of(properties.getMessaging().getSkipDestinations()));
	}

	@Bean
	@ConditionalOnBean(RabbitTracing.class)
	@ConditionalOnBooleanProperty(name = "spring.rabbitmq.template.observation-enabled", havingValue = false,
			matchIfMissing = true)
	RabbitTracingConnectionFactoryCustomizer rabbitTracingConnectionFactoryCustomizer(RabbitTracing tracing) {
		return new RabbitTracingConnectionFactoryCustomizer(tracing);
	}

	// Static: a post-processor must not drag its configuration class into early creation.
	@Bean
	static RabbitTracingBeanPostProcessor rabbitTracingBeanPostProcessor(ObjectProvider<RabbitTracing> tracing,
			Environment environment) {
		boolean listenerObservation = environment.getProperty("spring.rabbitmq.listener.simple.observation-enabled",
				Boolean.class, false)
				|| environment.getProperty("spring.rabbitmq.listener.direct.observation-enabled", Boolean.class, false);
		return new RabbitTracingBeanPostProcessor(tracing, !listenerObservation);
	}

}
