package dev.tracing.autoconfigure.kafka;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.kafka.KafkaTracing;
import dev.tracing.messaging.DestinationFilter;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

class TracingKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, KafkaAutoConfiguration.class,
				TracingKafkaAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldInstrumentBootsProducerAndListenerContainerFactoriesByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaTracing.class);
			assertThat(KafkaTracing.isInstrumented(context.getBean(ProducerFactory.class))).isTrue();
			assertThat(KafkaTracing.isInstrumented(context.getBean(ConcurrentKafkaListenerContainerFactory.class)))
				.isTrue();
		});
	}

	@Test
	void shouldKeepTheApplicationsRecordInterceptorInsideTheSpan() {
		this.contextRunner.withUserConfiguration(UserInterceptor.class).run((context) -> {
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			assertThat(KafkaTracing.isInstrumented(factory)).isTrue();
			assertThat(factory.getRecordInterceptor()).extracting("delegate")
				.isSameAs(context.getBean("userInterceptor"));
		});
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void shouldInstrumentOnlyOnce() {
		this.contextRunner.run((context) -> {
			KafkaTracing tracing = context.getBean(KafkaTracing.class);
			ProducerFactory producers = context.getBean(ProducerFactory.class);
			ConcurrentKafkaListenerContainerFactory containers = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			RecordInterceptor<?, ?> interceptor = containers.getRecordInterceptor();
			tracing.instrument(producers);
			tracing.instrument(containers);
			assertThat(producers.getPostProcessors()).hasSize(1);
			assertThat(containers.getRecordInterceptor()).isSameAs(interceptor);
		});
	}

	@Test
	void shouldBackOffWhereTheApplicationEnabledSpringKafkasObservations() {
		this.contextRunner
			.withPropertyValues("spring.kafka.template.observation-enabled=true",
					"spring.kafka.listener.observation-enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaTracing.class);
				assertThat(KafkaTracing.isInstrumented(context.getBean(ProducerFactory.class))).isFalse();
				assertThat(KafkaTracing.isInstrumented(context.getBean(ConcurrentKafkaListenerContainerFactory.class)))
					.isFalse();
			});
	}

	@Test
	void shouldBackOffWhenUserDefinesKafkaTracing() {
		this.contextRunner.withUserConfiguration(UserTracing.class)
			.run((context) -> assertThat(context.getBean(KafkaTracing.class))
				.isSameAs(context.getBean("userTracing")));
	}

	@Test
	void shouldNotInstrumentWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.messaging.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaTracing.class);
			assertThat(KafkaTracing.isInstrumented(context.getBean(ProducerFactory.class))).isFalse();
		});
	}

	@Test
	void shouldRejectABlankSkippedDestination() {
		this.contextRunner.withPropertyValues("tracing.messaging.skip-destinations=orders, ,audit")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("messaging.skip-destinations"));
	}

	@Test
	void shouldBackOffWithoutSpringKafka() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracing.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptor {

		@Bean
		RecordInterceptor<Object, Object> userInterceptor() {
			return new RecordInterceptor<>() {

				@Override
				public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
						Consumer<Object, Object> consumer) {
					return record;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracing {

		@Bean
		KafkaTracing userTracing(OpenTelemetry openTelemetry) {
			return new KafkaTracing(openTelemetry, DestinationFilter.of(java.util.List.of()));
		}

	}

}
