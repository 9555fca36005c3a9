package dev.tracing.autoconfigure.redis;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.redis.RedisCommandTracing;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Redis command spans: the Lettuce client resources Spring Boot builds for its connection
 * factory get {@link RedisCommandTracing}.
 * <p>
 * Lettuce holds one tracing per client: ours is applied after Spring Boot's observation-based one, which it replaces,
 * so each command makes one span.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration")
@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.redis.enabled", matchIfMissing = true)
public final class TracingRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class })
	RedisCommandTracing redisCommandTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
		return new RedisCommandTracing(openTelemetry, properties.getRedis().isIncludeArguments());
	}

	@Bean
	@ConditionalOnBean(RedisCommandTracing.class)
	RedisTracingClientResourcesCustomizer redisTracingClientResourcesCustomizer(RedisCommandTracing tracing) {
		return new RedisTracingClientResourcesCustomizer(tracing);
	}

}
