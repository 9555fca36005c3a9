package dev.tracing.autoconfigure.micrometer;

import java.util.function.UnaryOperator;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.observation.ObservationWebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring's HTTP server and client observations only where something consumes them (a meter registry's handler, an
 * application's own handler, a tracing handler that traces HTTP in the starter's stead): the starter brings Spring
 * Boot's {@link ObservationRegistry}, so that {@code @Observed} and Micrometer's Observation API are traced, and that
 * registry would otherwise make every request and every client call create an observation that nothing reads. Without
 * a consumer, the observations are no-ops, Spring Boot's server observation filter is not registered and its client
 * customizers do not hand the registry to {@code RestClient}, {@code RestTemplate} and {@code WebClient} builders.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRestClientCustomizer.class)
	static class RestClientObservationConfiguration {

		@Bean
		static UnconsumedClientObservations tracingUnconsumedRestClientObservations(
				ObjectProvider<HttpObservationConsumers> consumers) {
			return new UnconsumedClientObservations(consumers, (bean) -> {
				if (bean instanceof ObservationRestClientCustomizer) {
					return (RestClientCustomizer) (builder) -> {
					};
				}
				if (bean instanceof ObservationRestTemplateCustomizer) {
					return (RestTemplateCustomizer) (restTemplate) -> {
					};
				}
				return bean;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationWebClientCustomizer.class)
	static class WebClientObservationConfiguration {

		@Bean
		static UnconsumedClientObservations tracingUnconsumedWebClientObservations(
				ObjectProvider<HttpObservationConsumers> consumers) {
			return new UnconsumedClientObservations(consumers,
					(bean) -> (bean instanceof ObservationWebClientCustomizer) ? (WebClientCustomizer) (builder) -> {
					} : bean);
		}

	}

	/**
	 * Replaces Spring Boot's observation customizers of HTTP clients by customizers that do nothing when nothing
	 * consumes client observations: a client without the registry skips even the no-op observation.
	 */
	static final class UnconsumedClientObservations implements BeanPostProcessor {

		private final ObjectProvider<HttpObservationConsumers> consumers;

		private final UnaryOperator<Object> replacement;

		UnconsumedClientObservations(ObjectProvider<HttpObservationConsumers> consumers,
				UnaryOperator<Object> replacement) {
			this.consumers = consumers;
			this.replacement = replacement;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			Object replaced = this.replacement.apply(bean);
			if (replaced != bean) {
				HttpObservationConsumers consumers = this.consumers.getIfAvailable();
				if (consumers != null && !consumers.client()) {
					return replaced;
				}
			}
			return bean;
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
