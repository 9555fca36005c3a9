package dev.tracing.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

import javax.sql.DataSource;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/**
 * Instruments JDBC {@link DataSource}s: one CLIENT span per statement execution, child of the current span, written on
 * the stable OpenTelemetry API (no instrumentation library, nothing that must match the SDK's line). Spans follow the stable database semantic conventions: named
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

	/** Name of the instrumentation scope of database spans. */
	public static final String INSTRUMENTATION_SCOPE = "dev.tracing.jdbc";

	// The class of OpenTelemetry's own JDBC instrumentation, by name: a data source a user wrapped with it already
	// makes spans.
	private static final String OPENTELEMETRY_DATA_SOURCE = "io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource";

	private final Tracer tracer;

	private final boolean sqlCommenterEnabled;

	/**
	 * Create a new instance.
	 * @param openTelemetry the OpenTelemetry whose tracer provider makes the spans
	 * @param sqlCommenterEnabled whether to append the trace context to each statement as a SQL comment in the
	 * sqlcommenter format ({@code traceparent='00-…-…-01'}), so that database logs lead to the trace: the span
	 * current when a statement is prepared, or the statement's own span when it is run by its text
	 */
	public JdbcTracing(OpenTelemetry openTelemetry, boolean sqlCommenterEnabled) {
		this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
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
		DataSource traced = TracedConnections.dataSource(dataSource,
				new StatementSpans(this.tracer, this.sqlCommenterEnabled));
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
		if (dataSource.getClass().getName().equals(OPENTELEMETRY_DATA_SOURCE)) {
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
