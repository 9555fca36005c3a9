package dev.tracing.autoconfigure.rabbit;

import dev.tracing.rabbit.RabbitTracing;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Instruments listener container factories once they are configured (Spring Boot's, and any the application
 * declares), keeping the advice chain they were given.
 */
final class RabbitTracingBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final ObjectProvider<RabbitTracing> tracing;

	private final boolean traceListeners;

	RabbitTracingBeanPostProcessor(ObjectProvider<RabbitTracing> tracing, boolean traceListeners) {
		this.tracing = tracing;
		this.traceListeners = traceListeners;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.traceListeners && bean instanceof BaseRabbitListenerContainerFactory<?> containerFactory) {
			RabbitTracing tracing = this.tracing.getIfAvailable();
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
