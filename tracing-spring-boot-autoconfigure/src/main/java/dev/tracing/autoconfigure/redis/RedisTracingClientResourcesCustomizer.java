package dev.tracing.autoconfigure.redis;

import dev.tracing.redis.RedisCommandTracing;
import io.lettuce.core.resource.ClientResources;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Sets {@link RedisCommandTracing} on the client resources, last, so that it replaces a tracing set by an earlier
 * customizer (Spring Boot's Lettuce observation): one span per command.
 */
final class RedisTracingClientResourcesCustomizer implements ClientResourcesBuilderCustomizer, Ordered {

	private final RedisCommandTracing tracing;

	RedisTracingClientResourcesCustomizer(RedisCommandTracing tracing) {
		this.tracing = tracing;
	}

	@Override
	public void customize(ClientResources.Builder builder) {
		builder.tracing(this.tracing);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
