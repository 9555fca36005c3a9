package dev.tracing.autoconfigure.redis;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.redis.RedisCommandTracing;
import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingRedisAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, DataRedisAutoConfiguration.class,
				TracingRedisAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldTraceTheClientResourcesOfBootsConnectionFactoryByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisCommandTracing.class)
				.hasSingleBean(RedisTracingClientResourcesCustomizer.class);
			RedisCommandTracing tracing = context.getBean(RedisCommandTracing.class);
			assertThat(tracing.includeCommandArgsInSpanTags()).isFalse();
			assertThat(context.getBean(ClientResources.class).tracing()).isSameAs(tracing);
		});
	}

	@Test
	void shouldIncludeArgumentsWhenAsked() {
		this.contextRunner.withPropertyValues("tracing.redis.include-arguments=true")
			.run((context) -> assertThat(context.getBean(RedisCommandTracing.class).includeCommandArgsInSpanTags())
				.isTrue());
	}

	@Test
	void shouldBackOffWhenUserDefinesRedisCommandTracing() {
		this.contextRunner.withUserConfiguration(UserTracing.class).run((context) -> {
			assertThat(context).hasSingleBean(RedisCommandTracing.class);
			assertThat(context.getBean(ClientResources.class).tracing()).isSameAs(context.getBean("userTracing"));
		});
	}

	@Test
	void shouldNotTraceWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.redis.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedisCommandTracing.class)
				.doesNotHaveBean(ClientResourcesBuilderCustomizer.class);
			assertThat(context.getBean(ClientResources.class).tracing().isEnabled()).isFalse();
		});
	}

	@Test
	void shouldNotTraceWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisCommandTracing.class));
	}

	@Test
	void shouldBackOffWithoutLettuce() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ClientResources.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisCommandTracing.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracing {

		@Bean
		RedisCommandTracing userTracing(OpenTelemetry openTelemetry) {
			return new RedisCommandTracing(openTelemetry, true);
		}

	}

}
