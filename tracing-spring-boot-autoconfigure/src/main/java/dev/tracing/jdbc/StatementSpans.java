package dev.tracing.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Starts the spans of one data source's statements, as the stable database semantic conventions name and describe
 * them: {@code {db.operation.name} {db.collection.name}} ({@code SELECT users}), with {@code db.system.name},
 * {@code db.namespace}, {@code server.*}, {@code db.query.text} without literals, {@code db.operation.name},
 * {@code db.collection.name} and, for batches of two or more, {@code db.operation.batch.size}. Parameter values are
 * never read.
 */
final class StatementSpans {

	// Distinct statements an application runs are few; past this many, new ones are described each time.
	private static final int CACHE_LIMIT = 1024;

	private final Tracer tracer;

	private final boolean sqlCommenter;

	private final Map<String, SqlStatement> statements = new ConcurrentHashMap<>();

	private volatile @Nullable DatabaseInfo database;

	private volatile Attributes databaseAttributes = Attributes.empty();

	StatementSpans(Tracer tracer, boolean sqlCommenter) {
		this.tracer = tracer;
		this.sqlCommenter = sqlCommenter;
	}

	/**
	 * Learns the database from the first connection: its URL, as the driver reports it.
	 * @param connection a connection of the data source
	 * @return this instance
	 */
	StatementSpans forConnection(Connection connection) {
		if (this.database == null) {
			DatabaseInfo info;
			try {
				info = DatabaseInfo.fromUrl(connection.getMetaData().getURL());
			}
			catch (SQLException | RuntimeException ex) {
				info = DatabaseInfo.UNKNOWN;
			}
			this.databaseAttributes = info.attributes();
			this.database = info;
		}
		return this;
	}

	Span start(Context parent, String sql) {
		SqlStatement statement = describe(sql);
		return start(parent, statement.operation(), statement.collection(), statement.text(), 0);
	}

	Span startBatch(Context parent, String prepared, int size) {
		if (size < 2) {
			return start(parent, prepared);
		}
		SqlStatement statement = describe(prepared);
		String operation = (statement.operation() != null) ? "BATCH " + statement.operation() : "BATCH";
		return start(parent, operation, statement.collection(), statement.text(), size);
	}

	Span startBatch(Context parent, List<String> batch) {
		if (batch.size() == 1) {
			return start(parent, batch.get(0));
		}
		Set<String> operations = new LinkedHashSet<>();
		Set<@Nullable String> collections = new LinkedHashSet<>();
		Set<String> texts = new LinkedHashSet<>();
		for (String sql : batch) {
			SqlStatement statement = describe(sql);
			operations.add(Objects.requireNonNullElse(statement.operation(), ""));
			collections.add(statement.collection());
			texts.add(statement.text());
		}
		String operation = (operations.size() == 1 && !operations.contains("")) ? "BATCH " + operations.iterator().next()
				: "BATCH";
		String collection = (collections.size() == 1) ? collections.iterator().next() : null;
		return start(parent, operation, collection, String.join("; ", texts), batch.size());
	}

	private Span start(Context parent, @Nullable String operation, @Nullable String collection, String text,
			int batchSize) {
		SpanBuilder builder = this.tracer.spanBuilder(spanName(operation, collection))
			.setSpanKind(SpanKind.CLIENT)
			.setParent(parent)
			.setAllAttributes(this.databaseAttributes)
			.setAttribute(DbAttributes.DB_QUERY_TEXT, text);
		if (operation != null) {
			builder.setAttribute(DbAttributes.DB_OPERATION_NAME, operation);
		}
		if (collection != null) {
			builder.setAttribute(DbAttributes.DB_COLLECTION_NAME, collection);
		}
		if (batchSize >= 2) {
			builder.setAttribute(DbAttributes.DB_OPERATION_BATCH_SIZE, (long) batchSize);
		}
		return builder.startSpan();
	}

	/**
	 * Names a database span as the conventions say: operation and collection, else the operation, else the
	 * database, else the system.
	 * @param operation the value of {@code db.operation.name}, if any
	 * @param collection the value of {@code db.collection.name}, if any
	 * @return the name
	 */
	String spanName(@Nullable String operation, @Nullable String collection) {
		if (operation != null) {
			return (collection != null) ? operation + " " + collection : operation;
		}
		DatabaseInfo info = this.database;
		if (info == null) {
			return DatabaseInfo.UNKNOWN.system();
		}
		return (info.namespace() != null) ? info.namespace() : info.system();
	}

	/**
	 * The statement with the span's context appended in the sqlcommenter format, when the commenter is enabled.
	 * @param sql the statement
	 * @param context the span context to append
	 * @return the statement, the same instance when nothing is appended
	 */
	String withComment(String sql, SpanContext context) {
		if (!this.sqlCommenter || !context.isValid()) {
			return sql;
		}
		return sql + " /*traceparent='00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
				+ context.getTraceFlags().asHex() + "'*/";
	}

	private SqlStatement describe(String sql) {
		SqlStatement statement = this.statements.get(sql);
		if (statement == null) {
			DatabaseInfo info = this.database;
			statement = SqlStatement.of(sql, info != null && info.doubleQuotedStrings());
			if (this.statements.size() < CACHE_LIMIT) {
				this.statements.put(sql, statement);
			}
		}
		return statement;
	}

	static void failed(Span span, Throwable failure) {
		span.setStatus(StatusCode.ERROR);
		span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
		if (failure instanceof SQLException sql) {
			String code = statusCode(sql);
			if (code != null) {
				span.setAttribute(DbAttributes.DB_RESPONSE_STATUS_CODE, code);
			}
		}
		span.recordException(failure);
	}

	// The vendor's error code where it has one; else the SQLSTATE (PostgreSQL reports only that).
	static @Nullable String statusCode(SQLException failure) {
		if (failure.getErrorCode() != 0) {
			return Integer.toString(failure.getErrorCode());
		}
		return failure.getSQLState();
	}

}
