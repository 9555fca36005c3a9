package dev.tracing.demo.user;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo's optional parts, each off unless switched on: user lookups cached in Redis, and the
 * {@code payment.completed} topic.
 */
final class DemoFeatures {

	private DemoFeatures() {
	}

	/**
	 * {@code demo.cache.enabled=true}: {@link UserRepository#findById} is cached in Redis (Spring's cache abstraction
	 * on Spring Data Redis and Lettuce, {@code spring.cache.redis.*}), so a user's first lookup is a Redis
	 * {@code GET} (a miss), the query and a {@code SET}, and the next ones a {@code GET} alone. A Redis that fails is
	 * logged and the lookup goes to the database: the cache never fails a request.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ConditionalOnBooleanProperty("demo.cache.enabled")
	static class UserCache implements CachingConfigurer {

		@Override
		public CacheErrorHandler errorHandler() {
			return new LoggingCacheErrorHandler();
		}

	}

	/**
	 * {@code demo.kafka.enabled=true}: the topic, created at start-up if the broker lacks it (docker-compose.yml's
	 * broker; the demo's own broker creates it too).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("demo.kafka.enabled")
	static class PaymentTopic {

		@Bean
		NewTopic paymentCompletedTopic() {
			return new NewTopic(PaymentCompletedListener.TOPIC, 1, (short) 1);
		}

	}

}
