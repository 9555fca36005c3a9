package dev.tracing.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * Counts the rows of query results, beneath OpenTelemetry's JDBC library: the library wraps these connections, so
 * while it runs a statement its span is current here. A result set produced under a recording {@link DbSpan} holds
 * the span open and counts the rows read through {@code next()}; when {@code next()} returns {@code false}, the count
 * is reported. Closing the result set, its statement or its connection first reports the rows as unknown, so a span
 * is never held past the life of its result set. Results produced under any other span are returned as they are.
 */
final class RowCounting {

	private static final Set<String> CURSOR_MOVES = Set.of("previous", "absolute", "relative", "first", "last",
			"beforeFirst", "afterLast");

	private RowCounting() {
	}

	static DataSource dataSource(DataSource target) {
		return new CountingDataSource(target);
	}

	static Connection connection(Connection target) {
		return proxy(Connection.class, new ConnectionHandler(target));
	}

	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return type.cast(Proxy.newProxyInstance(RowCounting.class.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static @Nullable Object call(Object target, Method method, Object @Nullable [] arguments)
			throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	// Identity for equals and hashCode: the proxy stands for its own handler
	private static @Nullable Object objectMethod(Object proxy, Method method, Object @Nullable [] arguments,
			Object target) {
		return switch (method.getName()) {
			case "equals" -> (arguments != null && arguments.length == 1) ? proxy == arguments[0] : null;
			case "hashCode" -> (method.getParameterCount() == 0) ? System.identityHashCode(proxy) : null;
			case "toString" -> (method.getParameterCount() == 0) ? "RowCounting[" + target + "]" : null;
			default -> null;
		};
	}

	private static @Nullable DbSpan currentDbSpan() {
		return (Span.current() instanceof DbSpan span && span.isRecording()) ? span : null;
	}

	private static final class ConnectionHandler implements InvocationHandler {

		private final Connection target;

		private final List<StatementHandler> statements = new ArrayList<>();

		ConnectionHandler(Connection target) {
			this.target = target;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] arguments) throws Throwable {
			Object identity = objectMethod(proxy, method, arguments, this.target);
			if (identity != null) {
				return identity;
			}
			if (method.getName().equals("close")) {
				closeStatements();
			}
			Object result = call(this.target, method, arguments);
			if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
				StatementHandler handler = new StatementHandler(statement);
				synchronized (this.statements) {
					this.statements.removeIf(StatementHandler::isClosed);
					this.statements.add(handler);
				}
				return proxy(method.getReturnType().asSubclass(Statement.class), handler);
			}
			return result;
		}

		private void closeStatements() {
			synchronized (this.statements) {
				this.statements.forEach(StatementHandler::closed);
				this.statements.clear();
			}
		}

	}

	private static final class StatementHandler implements InvocationHandler {

		private final Statement target;

		private final List<ResultSetHandler> results = new ArrayList<>();

		// The span of an execute() that returned a result set not asked for yet
		private @Nullable DbSpan pending;

		private volatile boolean closed;

		StatementHandler(Statement target) {
			this.target = target;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] arguments) throws Throwable {
			Object identity = objectMethod(proxy, method, arguments, this.target);
			if (identity != null) {
				return identity;
			}
			String name = method.getName();
			if (name.equals("close")) {
				closed();
			}
			else if (name.startsWith("execute") || name.equals("getMoreResults")) {
				releasePending();
			}
			Object result = call(this.target, method, arguments);
			if (name.equals("executeQuery") && result instanceof ResultSet resultSet) {
				return counted(resultSet, currentDbSpan());
			}
			if (name.equals("execute") && Boolean.TRUE.equals(result)) {
				DbSpan span = currentDbSpan();
				if (span != null && span.holdForResults()) {
					this.pending = span;
				}
			}
			else if (name.equals("getResultSet") && result instanceof ResultSet resultSet && this.pending != null) {
				DbSpan span = this.pending;
				this.pending = null;
				return track(resultSet, span);
			}
			return result;
		}

		private ResultSet counted(ResultSet resultSet, @Nullable DbSpan span) {
			return (span != null && span.holdForResults()) ? track(resultSet, span) : resultSet;
		}

		private ResultSet track(ResultSet resultSet, DbSpan span) {
			ResultSetHandler handler = new ResultSetHandler(resultSet, span);
			synchronized (this.results) {
				this.results.removeIf(ResultSetHandler::isDone);
				this.results.add(handler);
			}
			return proxy(ResultSet.class, handler);
		}

		private void releasePending() {
			DbSpan span = this.pending;
			this.pending = null;
			if (span != null) {
				span.resultsDone(null);
			}
		}

		boolean isClosed() {
			return this.closed;
		}

		void closed() {
			this.closed = true;
			releasePending();
			synchronized (this.results) {
				this.results.forEach(ResultSetHandler::closed);
				this.results.clear();
			}
		}

	}

	private static final class ResultSetHandler implements InvocationHandler {

		private final ResultSet target;

		private final DbSpan span;

		private long rows;

		private boolean counting = true;

		private volatile boolean done;

		ResultSetHandler(ResultSet target, DbSpan span) {
			this.target = target;
			this.span = span;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] arguments) throws Throwable {
			Object identity = objectMethod(proxy, method, arguments, this.target);
			if (identity != null) {
				return identity;
			}
			String name = method.getName();
			if (name.equals("close")) {
				closed();
				return call(this.target, method, arguments);
			}
			if (CURSOR_MOVES.contains(name)) {
				this.counting = false;
			}
			Object result = call(this.target, method, arguments);
			if (name.equals("next") && !this.done) {
				if (Boolean.TRUE.equals(result)) {
					this.rows++;
				}
				else {
					finish(this.counting ? this.rows : null);
				}
			}
			return result;
		}

		boolean isDone() {
			return this.done;
		}

		void closed() {
			finish(null);
		}

		private void finish(@Nullable Long count) {
			if (!this.done) {
				this.done = true;
				this.span.resultsDone(count);
			}
		}

	}

	/**
	 * The application's data source, handing out counting connections.
	 */
	private record CountingDataSource(DataSource target) implements DataSource {

		@Override
		public Connection getConnection() throws SQLException {
			return connection(this.target.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return connection(this.target.getConnection(username, password));
		}

		@Override
		public PrintWriter getLogWriter() throws SQLException {
			return this.target.getLogWriter();
		}

		@Override
		public void setLogWriter(PrintWriter out) throws SQLException {
			this.target.setLogWriter(out);
		}

		@Override
		public void setLoginTimeout(int seconds) throws SQLException {
			this.target.setLoginTimeout(seconds);
		}

		@Override
		public int getLoginTimeout() throws SQLException {
			return this.target.getLoginTimeout();
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			return this.target.getParentLogger();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			return this.target.unwrap(iface);
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) throws SQLException {
			return this.target.isWrapperFor(iface);
		}

	}

}
