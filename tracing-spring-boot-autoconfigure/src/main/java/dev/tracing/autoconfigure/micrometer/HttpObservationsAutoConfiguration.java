package dev.tracing.autoconfigure.micrometer;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring's HTTP server and client observations only where something consumes them (a meter registry's handler, an
 * application's own handler, a tracing handler that traces HTTP in the starter's stead): the starter brings Spring
 * Boot's {@link ObservationRegistry}, so that {@code @Observed} and Micrometer's Observation API are traced, and that
 * registry would otherwise make every request and every client call create an observation that nothing reads. Without
 * a consumer, the observations are no-ops and Spring Boot's server observation filter is not registered.
 * <p>
 * Applies whether tracing is enabled or not: with {@code tracing.enabled=false} the registry is still there.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, ObservationPredicate.class })
@ConditionalOnBean(ObservationRegistry.class)
public final class HttpObservationsAutoConfiguration {

	@Bean
	HttpObservationConsumers tracingHttpObservationConsumers(ListableBeanFactory beanFactory,
			ObjectProvider<TracedElsewhere> tracedElsewhere) {
		return new HttpObservationConsumers(beanFactory, tracedElsewhere);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ ServerHttpObservationFilter.class, FilterRegistrationBean.class })
	static class ServerObservationFilterConfiguration {

		@Bean
		static UnconsumedServerObservationFilter tracingUnconsumedServerObservationFilter(
				ObjectProvider<HttpObservationConsumers> consumers) {
			return new UnconsumedServerObservationFilter(consumers);
		}

	}

	/**
	 * Disables the registration of Spring's server observation filter when nothing consumes its observations: the
	 * filter builds an observation context for every request even when the observation itself is a no-op.
	 */
	static final class UnconsumedServerObservationFilter implements BeanPostProcessor {

		private final ObjectProvider<HttpObservationConsumers> consumers;

		UnconsumedServerObservationFilter(ObjectProvider<HttpObservationConsumers> consumers) {
			this.consumers = consumers;
		}

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			if (bean instanceof FilterRegistrationBean<?> registration
					&& registration.getFilter() instanceof ServerHttpObservationFilter) {
				HttpObservationConsumers consumers = this.consumers.getIfAvailable();
				if (consumers != null && !consumers.server()) {
					registration.setEnabled(false);
				}
			}
			return bean;
		}

	}

}
