package dev.tracing.autoconfigure.rabbit;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.rabbit.RabbitTracing;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingRabbitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, RabbitAutoConfiguration.class,
				TracingRabbitAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldInstrumentPublishesAndListenerContainersByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RabbitTracing.class)
				.hasSingleBean(RabbitTracingConnectionFactoryCustomizer.class);
			assertThat(RabbitTracing.isInstrumented(context.getBean(SimpleRabbitListenerContainerFactory.class)))
				.isTrue();
		});
	}

	@Test
	void shouldKeepTheFactorysAdviceChainInsideTheSpan() {
		this.contextRunner.withUserConfiguration(FactoryWithAdvice.class).run((context) -> {
			SimpleRabbitListenerContainerFactory factory = context.getBean(SimpleRabbitListenerContainerFactory.class);
			assertThat(factory.getAdviceChain()).hasSize(2);
			assertThat(factory.getAdviceChain()[1]).isSameAs(FactoryWithAdvice.ADVICE);
			context.getBean(RabbitTracing.class).instrument(factory);
			assertThat(factory.getAdviceChain()).hasSize(2);
		});
	}

	@Test
	void shouldBackOffWhereTheApplicationEnabledSpringAmqpsObservations() {
		this.contextRunner
			.withPropertyValues("spring.rabbitmq.template.observation-enabled=true",
					"spring.rabbitmq.listener.simple.observation-enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(RabbitTracing.class)
					.doesNotHaveBean(RabbitTracingConnectionFactoryCustomizer.class);
				assertThat(RabbitTracing.isInstrumented(context.getBean(SimpleRabbitListenerContainerFactory.class)))
					.isFalse();
			});
	}

	@Test
	void shouldNotInstrumentWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.messaging.rabbit.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RabbitTracing.class)
				.doesNotHaveBean(RabbitTracingConnectionFactoryCustomizer.class);
			assertThat(RabbitTracing.isInstrumented(context.getBean(SimpleRabbitListenerContainerFactory.class)))
				.isFalse();
		});
	}

	@Test
	void shouldBackOffWithoutSpringAmqp() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RabbitTracing.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryWithAdvice {

		static final MethodInterceptor ADVICE = (invocation) -> invocation.proceed();

		@Bean
		SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
				SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory) {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			configurer.configure(factory, connectionFactory);
			factory.setAdviceChain(ADVICE);
			return factory;
		}

	}

}
