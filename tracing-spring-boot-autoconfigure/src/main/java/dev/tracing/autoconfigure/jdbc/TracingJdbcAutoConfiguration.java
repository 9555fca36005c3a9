package dev.tracing.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.jdbc.JdbcTracing;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of database client spans: every {@link DataSource} bean is instrumented through
 * {@link JdbcTracing}.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(DataSource.class)
@ConditionalOnTracingEnabled
@ConditionalOnBooleanProperty(name = "tracing.jdbc.enabled", matchIfMissing = true)
public final class TracingJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ OpenTelemetry.class, TracingProperties.class, DataSource.class })
	JdbcTracing jdbcTracing(OpenTelemetry openTelemetry, TracingProperties properties) {
		return new JdbcTracing(openTelemetry, properties.getJdbc().getSqlCommenter().isEnabled());
	}

	// Static: a post-processor must not drag its configuration class into early creation.
	@Bean
	static DataSourceTracingBeanPostProcessor dataSourceTracingBeanPostProcessor(ObjectProvider<JdbcTracing> tracing) {
		return new DataSourceTracingBeanPostProcessor(tracing);
	}

}
