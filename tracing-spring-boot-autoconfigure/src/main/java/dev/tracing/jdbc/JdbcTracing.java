package dev.tracing.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

import javax.sql.DataSource;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetryBuilder;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import io.opentelemetry.instrumentation.jdbc.datasource.internal.Experimental;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/**
 * Instruments JDBC {@link DataSource}s: one CLIENT span per statement execution, child of the current span, built by
 * OpenTelemetry's JDBC library instrumentation. Spans follow the stable database semantic conventions: named
 * {@code SELECT users}, with {@code db.system.name}, {@code db.namespace}, {@code db.query.text} (literals replaced
 * by {@code ?}, parameter values never recorded), {@code db.operation.name}, {@code db.collection.name},
 * {@code server.address} and {@code server.port} where the JDBC URL has them, {@code db.response.returned_rows} for
 * a query whose rows were read to the end, and the exception with status ERROR on failure.
 * <p>
 * Data source beans are instrumented automatically; inject this bean for one you create by hand. The result is a
 * proxy of the data source's class when it can be subclassed (so {@code HikariDataSource} stays injectable as
 * such), else of all its interfaces; every method but {@code getConnection} goes to the data source itself.
 * Instrumenting twice returns the same proxy.
 * <p>
 * Connections are traced only when taken inside a sampled trace: health checks the starter skips, start-up scripts
 * and pool housekeeping get the data source's own connections, and make no spans.
 */
public final class JdbcTracing {

	private final JdbcTelemetry telemetry;

	private final boolean sqlCommenterEnabled;

	/**
	 * Create a new instance.
	 * @param openTelemetry the OpenTelemetry whose tracer provider makes the spans
	 * @param sqlCommenterEnabled whether to append the trace context to each statement as a SQL comment in the
	 * sqlcommenter format ({@code traceparent='00-…-…-01'}), so that database logs lead to the trace
	 */
	public JdbcTracing(OpenTelemetry openTelemetry, boolean sqlCommenterEnabled) {
		StableDatabaseConventions.optIn();
		JdbcTelemetryBuilder builder = JdbcTelemetry.builder(new DbSpanTelemetry(openTelemetry))
			.setDataSourceInstrumenterEnabled(false)
			.setTransactionInstrumenterEnabled(false)
			.setStatementSanitizationEnabled(true)
			.setCaptureQueryParameters(false);
		Experimental.setEnableSqlCommenter(builder, sqlCommenterEnabled);
		this.telemetry = builder.build();
		this.sqlCommenterEnabled = sqlCommenterEnabled;
	}

	public boolean isSqlCommenterEnabled() {
		return this.sqlCommenterEnabled;
	}

	/**
	 * Return a data source whose statements make spans.
	 * @param dataSource the data source to instrument
	 * @return a proxy of the data source, or the data source itself when it is already instrumented
	 */
	public DataSource instrument(DataSource dataSource) {
		if (isInstrumented(dataSource)) {
			return dataSource;
		}
		DataSource traced = this.telemetry.wrap(RowCounting.dataSource(dataSource));
		ProxyFactory factory = new ProxyFactory(dataSource);
		factory.addAdvice(new ConnectionRouting(traced));
		factory.setProxyTargetClass(canSubclass(dataSource));
		return (DataSource) factory.getProxy(dataSource.getClass().getClassLoader());
	}

	/**
	 * Whether a data source is already instrumented, by this class or by hand with OpenTelemetry's library.
	 * @param dataSource the data source
	 * @return whether its statements already make spans
	 */
	public static boolean isInstrumented(DataSource dataSource) {
		if (dataSource instanceof OpenTelemetryDataSource) {
			return true;
		}
		if (dataSource instanceof Advised advised) {
			for (Advisor advisor : advised.getAdvisors()) {
				if (advisor.getAdvice() instanceof ConnectionRouting) {
					return true;
				}
			}
		}
		return false;
	}

	// A subclass proxy keeps the concrete type; it must be able to override every public method.
	static boolean canSubclass(DataSource dataSource) {
		Class<?> type = dataSource.getClass();
		if (!Modifier.isPublic(type.getModifiers()) || Modifier.isFinal(type.getModifiers())
				|| Proxy.isProxyClass(type) || AopUtils.isAopProxy(dataSource)) {
			return false;
		}
		for (Method method : type.getMethods()) {
			if (Modifier.isFinal(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& method.getDeclaringClass() != Object.class) {
				return false;
			}
		}
		return true;
	}

}
