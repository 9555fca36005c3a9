package dev.tracing.autoconfigure.kafka;

import dev.tracing.kafka.KafkaTracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Instruments producer factories and listener container factories once they are configured (Spring Boot's, and any
 * the application declares), keeping the interceptors they were given.
 */
final class KafkaTracingBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final ObjectProvider<KafkaTracing> tracing;

	private final boolean traceProducers;

	KafkaTracingBeanPostProcessor(ObjectProvider<KafkaTracing> tracing, boolean traceProducers) {
		this.tracing = tracing;
		this.traceProducers = traceProducers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ProducerFactory<?, ?> producerFactory && this.traceProducers) {
			KafkaTracing tracing = this.tracing.getIfAvailable();
			if (tracing != null) {
				tracing.instrument(producerFactory);
			}
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> containerFactory
				&& !containerFactory.getContainerProperties().isObservationEnabled()) {
			KafkaTracing tracing = this.tracing.getIfAvailable();
			if (tracing != null) {
				tracing.instrument(containerFactory);
			}
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
