package dev.tracing.autoconfigure.kafka;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.kafka.KafkaTracing;
import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Auto-configuration of Kafka spans: every producer factory and listener container factory bean is instrumented
 * through {@link KafkaTracing}. Backs off, side by side, where the application turned Spring Kafka's own observations
 * on ({@code spring.kafka.template.observation-enabled}, or a container factory whose container properties have
 * observation enabled): those make their own spans, and a record must make one.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.messaging.kafka.enabled", matchIfMissing = true)
public final class TracingKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class })
	KafkaTracing kafkaTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
		return new KafkaTracing(openTelemetry,
				DestinationFilter.of(properties.getMessaging().getSkipDestinations()));
	}

	// Static: a post-processor must not drag its configuration class into early creation.
	@Bean
	static KafkaTracingBeanPostProcessor kafkaTracingBeanPostProcessor(ObjectProvider<KafkaTracing> tracing,
			Environment environment) {
		boolean templateObservation = environment.getProperty("spring.kafka.template.observation-enabled",
				Boolean.class, false);
		return new KafkaTracingBeanPostProcessor(tracing, !templateObservation);
	}

}
