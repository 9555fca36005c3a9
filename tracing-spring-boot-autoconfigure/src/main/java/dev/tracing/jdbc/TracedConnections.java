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
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The traced side of an instrumented data source: connections whose statements make database spans.
 * <p>
 * Plain {@link Proxy JDK proxies} of the JDBC interfaces, written on the stable OpenTelemetry API only. A statement
 * executed under a sampled span gets a CLIENT span of its own ({@link StatementSpans}); a result set it returns holds
 * the span open and counts the rows read through {@code next()}, until {@code next()} returns {@code false} or the
 * result set, its statement or its connection is closed. Statements executed under no span or an unsampled one run
 * as they are.
 */
final class TracedConnections {

	private static final Set<String> CURSOR_MOVES = Set.of("previous", "absolute", "relative", "first", "last",
			"beforeFirst", "afterLast");

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate");

	private TracedConnections() {
	}

	static DataSource dataSource(DataSource target, StatementSpans spans) {
		return new TracedDataSource(target, spans);
	}

	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return type.cast(
				Proxy.newProxyInstance(TracedConnections.class.getClassLoader(), new Class<?>[] { type }, handler));
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
			case "toString" -> (method.getParameterCount() == 0) ? "Traced[" + target + "]" : null;
			default -> null;
		};
	}

	/**
	 * A proxy's handler: identity for {@code equals}, {@code hashCode} and {@code toString}, the rest to
	 * {@link #handle}.
	 */
	private abstract static class Handler implements InvocationHandler {

		final Object target;

		Handler(Object target) {
			this.target = target;
		}

		@Override
		public final @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] arguments)
				throws Throwable {
			Object identity = objectMethod(proxy, method, arguments, this.target);
			return (identity != null) ? identity : handle(method, method.getName(), arguments);
		}

		abstract @Nullable Object handle(Method method, String name, Object @Nullable [] arguments) throws Throwable;

	}

	private static final class ConnectionHandler extends Handler {

		private final StatementSpans spans;

		private final List<StatementHandler> statements = new ArrayList<>();

		ConnectionHandler(Connection target, StatementSpans spans) {
			super(target);
			this.spans = spans;
		}

		@Override
		@Nullable Object handle(Method method, String name, Object @Nullable [] arguments) throws Throwable {
			if (name.equals("close")) {
				closeStatements();
			}
			String sql = null;
			Object[] actual = arguments;
			if ((name.equals("prepareStatement") || name.equals("prepareCall")) && arguments != null
					&& arguments.length > 0 && arguments[0] instanceof String text) {
				sql = text;
				// A prepared statement's text is fixed now: the comment names the span current when it is prepared.
				String commented = this.spans.withComment(text, Span.current().getSpanContext());
				if (commented != text) {
					actual = arguments.clone();
					actual[0] = commented;
				}
			}
			Object result = call(this.target, method, actual);
			if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
				StatementHandler handler = new StatementHandler(statement, this.spans, sql);
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

	private static final class StatementHandler extends Handler {

		private final StatementSpans spans;

		// The text of a prepared or callable statement, as the application wrote it
		private final @Nullable String prepared;

		// Statements added with addBatch(String), or the count of parameter sets added to a prepared statement
		private final List<String> batch = new ArrayList<>();

		private int preparedBatchSize;

		private final List<ResultSetHandler> results = new ArrayList<>();

		// The span of an execute() that returned a result set not asked for yet
		private @Nullable DbSpan pending;

		private volatile boolean closed;

		StatementHandler(Statement target, StatementSpans spans, @Nullable String prepared) {
			super(target);
			this.spans = spans;
			this.prepared = prepared;
		}

		@Override
		@Nullable Object handle(Method method, String name, Object @Nullable [] arguments) throws Throwable {
			if (name.equals("close")) {
				closed();
			}
			else if (name.startsWith("execute") || name.equals("getMoreResults")) {
				releasePending();
			}
			switch (name) {
				case "addBatch" -> {
					if (arguments != null && arguments.length == 1 && arguments[0] instanceof String sql) {
						this.batch.add(sql);
					}
					else {
						this.preparedBatchSize++;
					}
				}
				case "clearBatch" -> clearBatch();
				case "executeBatch", "executeLargeBatch" -> {
					try {
						return executeBatch(method, arguments);
					}
					finally {
						clearBatch();
					}
				}
				case "getResultSet" -> {
					Object result = call(this.target, method, arguments);
					DbSpan span = this.pending;
					if (result instanceof ResultSet resultSet && span != null) {
						this.pending = null;
						return track(resultSet, span);
					}
					return result;
				}
				default -> {
					if (EXECUTIONS.contains(name)) {
						return execute(method, arguments);
					}
				}
			}
			return call(this.target, method, arguments);
		}

		private @Nullable Object execute(Method method, Object @Nullable [] arguments) throws Throwable {
			String text = (arguments != null && arguments.length > 0 && arguments[0] instanceof String given) ? given
					: null;
			String sql = (text != null) ? text : this.prepared;
			Context parent = Context.current();
			if (sql == null || !Span.fromContext(parent).getSpanContext().isSampled()) {
				return call(this.target, method, arguments);
			}
			Span span = this.spans.start(parent, sql);
			Object[] actual = arguments;
			if (text != null && arguments != null) {
				// A statement run by text carries its own span's id.
				String commented = this.spans.withComment(text, span.getSpanContext());
				if (commented != text) {
					actual = arguments.clone();
					actual[0] = commented;
				}
			}
			return run(span, method, actual);
		}

		private @Nullable Object executeBatch(Method method, Object @Nullable [] arguments) throws Throwable {
			Context parent = Context.current();
			if (!Span.fromContext(parent).getSpanContext().isSampled()) {
				return call(this.target, method, arguments);
			}
			Span span = (this.prepared != null) ? this.spans.startBatch(parent, this.prepared, this.preparedBatchSize)
					: this.spans.startBatch(parent, this.batch);
			return run(span, method, arguments);
		}

		private @Nullable Object run(Span span, Method method, Object @Nullable [] arguments) throws Throwable {
			if (!span.isRecording()) {
				return call(this.target, method, arguments);
			}
			DbSpan dbSpan = new DbSpan(span);
			Object result;
			try {
				result = call(this.target, method, arguments);
			}
			catch (Throwable ex) {
				StatementSpans.failed(span, ex);
				dbSpan.end();
				throw ex;
			}
			String name = method.getName();
			if (name.equals("executeQuery") && result instanceof ResultSet resultSet && dbSpan.holdForResults()) {
				result = track(resultSet, dbSpan);
			}
			else if (name.equals("execute") && Boolean.TRUE.equals(result) && dbSpan.holdForResults()) {
				this.pending = dbSpan;
			}
			dbSpan.end();
			return result;
		}

		private void clearBatch() {
			this.batch.clear();
			this.preparedBatchSize = 0;
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

	private static final class ResultSetHandler extends Handler {

		private final DbSpan span;

		private long rows;

		private boolean counting = true;

		private volatile boolean done;

		ResultSetHandler(ResultSet target, DbSpan span) {
			super(target);
			this.span = span;
		}

		@Override
		@Nullable Object handle(Method method, String name, Object @Nullable [] arguments) throws Throwable {
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
	 * The application's data source, handing out traced connections.
	 */
	private record TracedDataSource(DataSource target, StatementSpans spans) implements DataSource {

		@Override
		public Connection getConnection() throws SQLException {
			return traced(this.target.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return traced(this.target.getConnection(username, password));
		}

		private Connection traced(Connection connection) {
			return proxy(Connection.class, new ConnectionHandler(connection, this.spans.forConnection(connection)));
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
