package dev.tracing.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.jdbc.JdbcTracing;
import io.opentelemetry.api.OpenTelemetry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingJdbcAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingJdbcAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldInstrumentEveryDataSourceBeanByDefault() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class).run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracing.class);
			assertThat(context.getBean(JdbcTracing.class).isSqlCommenterEnabled()).isFalse();
			assertThat(context.getBeansOfType(DataSource.class).values()).hasSize(2)
				.allMatch(JdbcTracing::isInstrumented);
			// A final class cannot be subclassed: its interfaces are kept
			assertThat(context.getBean("orders")).isInstanceOf(javax.sql.XADataSource.class)
				.isNotInstanceOf(JdbcDataSource.class);
		});
	}

	@Test
	void shouldEnableTheSqlCommenter() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("tracing.jdbc.sql-commenter.enabled=true")
			.run((context) -> assertThat(context.getBean(JdbcTracing.class).isSqlCommenterEnabled()).isTrue());
	}

	@Test
	void shouldBackOffWhenUserDefinesJdbcTracing() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class, UserJdbcTracing.class).run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracing.class);
			assertThat(context.getBean(JdbcTracing.class)).isSameAs(context.getBean("userJdbcTracing"));
			assertThat(context.getBean(JdbcTracing.class).isSqlCommenterEnabled()).isTrue();
			assertThat(context.getBeansOfType(DataSource.class).values()).allMatch(JdbcTracing::isInstrumented);
		});
	}

	@Test
	void shouldNotInstrumentWhenDisabled() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("tracing.jdbc.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JdbcTracing.class);
				assertThat(context.getBean("orders")).isInstanceOf(JdbcDataSource.class);
			});
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("tracing.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JdbcTracing.class).doesNotHaveBean(OpenTelemetry.class);
				assertThat(context.getBeansOfType(DataSource.class).values()).noneMatch(JdbcTracing::isInstrumented);
			});
	}

	@Test
	void shouldDoNothingWithoutADataSource() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcTracing.class));
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("tracing.jdbc.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JdbcTracing.class)
					.doesNotHaveBean(DataSourceTracingBeanPostProcessor.class);
				assertThat(context.getBean("orders")).isInstanceOf(JdbcDataSource.class);
			});
	}

	@Test
	void shouldInstrumentADataSourceOnlyOnce() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class).run((context) -> {
			DataSource orders = context.getBean("orders", DataSource.class);
			DataSourceTracingBeanPostProcessor postProcessor = context.getBean(DataSourceTracingBeanPostProcessor.class);
			assertThat(postProcessor.postProcessAfterInitialization(orders, "orders")).isSameAs(orders);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		JdbcDataSource orders() {
			JdbcDataSource dataSource = new JdbcDataSource();
			dataSource.setURL("jdbc:h2:mem:orders");
			return dataSource;
		}

		@Bean
		DataSource users() {
			JdbcDataSource dataSource = new JdbcDataSource();
			dataSource.setURL("jdbc:h2:mem:users");
			return dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJdbcTracing {

		@Bean
		JdbcTracing userJdbcTracing(OpenTelemetry openTelemetry) {
			return new JdbcTracing(openTelemetry, true);
		}

	}

}
