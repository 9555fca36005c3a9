package dev.tracing.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.tracing.jdbc.JdbcTracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Instruments every {@link DataSource} bean once it is initialized, so Boot's data source, a user's own, and every
 * additional one make database spans. Runs after other post-processors: the proxy goes around whatever they did.
 */
final class DataSourceTracingBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final ObjectProvider<JdbcTracing> tracing;

	DataSourceTracingBeanPostProcessor(ObjectProvider<JdbcTracing> tracing) {
		this.tracing = tracing;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !JdbcTracing.isInstrumented(dataSource)) {
			JdbcTracing tracing = this.tracing.getIfAvailable();
			if (tracing != null) {
				return tracing.instrument(dataSource);
			}
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
