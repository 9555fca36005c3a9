package dev.tracing.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;

import javax.sql.DataSource;

import io.opentelemetry.api.trace.Span;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The advice of an instrumented data source: hands out traced connections inside a sampled trace, and the data
 * source's own connections everywhere else.
 * <p>
 * Outside a sampled trace (a skipped health check runs under an unsampled context; start-up scripts and pool
 * housekeeping run under none) no database span could be exported, so the connection is not wrapped at all and
 * its statements cost nothing more than without tracing. Every other method goes to the data source itself.
 */
final class ConnectionRouting implements MethodInterceptor {

	private final DataSource traced;

	ConnectionRouting(DataSource traced) {
		this.traced = traced;
	}

	// aopalliance declares invoke's result @Nullable as a type-use annotation, which NullAway does not read
	// from its class file
	@SuppressWarnings("NullAway")
	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (method.getName().equals("getConnection") && method.getReturnType() == Connection.class
				&& Span.current().getSpanContext().isSampled()) {
			Object[] arguments = invocation.getArguments();
			if (arguments.length == 0) {
				return this.traced.getConnection();
			}
			if (arguments.length == 2) {
				return this.traced.getConnection((String) arguments[0], (String) arguments[1]);
			}
		}
		return invocation.proceed();
	}

}
