package dev.tracing.redis;

import java.util.Locale;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.Tracing.Endpoint;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the span of each traced Redis command.
 */
final class CommandSpans {

	static final String REDIS = "redis";

	// Values can be megabytes; an argument rendering past this is cut.
	static final int MAX_QUERY_TEXT = 1024;

	static final Tracer.Span NOOP = new NoopSpan();

	private final io.opentelemetry.api.trace.Tracer tracer;

	private final boolean includeArguments;

	CommandSpans(io.opentelemetry.api.trace.Tracer tracer, boolean includeArguments) {
		this.tracer = tracer;
		this.includeArguments = includeArguments;
	}

	Tracer.Span next(Context parent) {
		return new CommandSpan(parent);
	}

	/**
	 * The command's name as Redis spells it: {@code SET}, {@code CLIENT}, {@code XADD}.
	 * @param command the command
	 * @return its name
	 */
	static String operation(RedisCommand<?, ?, ?> command) {
		return command.getType().toString().toUpperCase(Locale.ROOT);
	}

	String queryText(String operation, RedisCommand<?, ?, ?> command) {
		if (!this.includeArguments) {
			return operation;
		}
		CommandArgs<?, ?> args = command.getArgs();
		String rendered = (args != null) ? args.toCommandString() : "";
		if (rendered.isEmpty()) {
			return operation;
		}
		String text = operation + " " + rendered;
		return (text.length() > MAX_QUERY_TEXT) ? text.substring(0, MAX_QUERY_TEXT) + "..." : text;
	}

	/**
	 * The error prefix of a Redis error reply ({@code ERR}, {@code WRONGTYPE}, {@code NOSCRIPT}), which the
	 * conventions record as {@code db.response.status_code}.
	 * @param failure the failure
	 * @return the prefix, or {@code null} when the failure is no error reply
	 */
	static @Nullable String statusCode(Throwable failure) {
		if (!(failure instanceof RedisCommandExecutionException) || failure.getMessage() == null) {
			return null;
		}
		String message = failure.getMessage();
		int end = message.indexOf(' ');
		String prefix = (end > 0) ? message.substring(0, end) : message;
		for (int i = 0; i < prefix.length(); i++) {
			char c = prefix.charAt(i);
			if (!(c >= 'A' && c <= 'Z') && c != '_') {
				return null;
			}
		}
		return prefix.isEmpty() ? null : prefix;
	}

	private final class CommandSpan extends NoopSpan {

		private final Context parent;

		private @Nullable Endpoint endpoint;

		private io.opentelemetry.api.trace.@Nullable Span span;

		CommandSpan(Context parent) {
			this.parent = parent;
		}

		@Override
		public Tracer.Span start(RedisCommand<?, ?, ?> command) {
			String operation = operation(command);
			SpanBuilder builder = CommandSpans.this.tracer.spanBuilder(operation)
				.setSpanKind(SpanKind.CLIENT)
				.setParent(this.parent)
				.setAttribute(DbAttributes.DB_SYSTEM_NAME, REDIS)
				.setAttribute(DbAttributes.DB_OPERATION_NAME, operation)
				.setAttribute(DbAttributes.DB_QUERY_TEXT, queryText(operation, command));
			if (this.endpoint instanceof RedisCommandTracing.ServerEndpoint server) {
				builder.setAttribute(ServerAttributes.SERVER_ADDRESS, server.address());
				if (server.port() > 0) {
					builder.setAttribute(ServerAttributes.SERVER_PORT, (long) server.port());
				}
			}
			io.opentelemetry.api.trace.Span started = builder.startSpan();
			this.span = started;
			if (command instanceof CompleteableCommand<?> completeable) {
				completeable.onComplete((result, failure) -> {
					if (failure != null) {
						error(failure);
					}
					finish();
				});
			}
			return this;
		}

		@Override
		public Tracer.Span error(Throwable failure) {
			io.opentelemetry.api.trace.Span current = this.span;
			if (current == null) {
				return this;
			}
			String code = statusCode(failure);
			current.setAttribute(ErrorAttributes.ERROR_TYPE, (code != null) ? code : failure.getClass().getName());
			if (code != null) {
				current.setAttribute(DbAttributes.DB_RESPONSE_STATUS_CODE, code);
			}
			if (CommandSpans.this.includeArguments) {
				// Redis echoes arguments in some error replies ("unknown command 'x', with args beginning with")
				current.setStatus(StatusCode.ERROR, failure.getMessage());
				current.recordException(failure);
			}
			else {
				current.setStatus(StatusCode.ERROR, (code != null) ? code : failure.getClass().getSimpleName());
			}
			return this;
		}

		@Override
		public Tracer.Span remoteEndpoint(Endpoint endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		@Override
		public void finish() {
			io.opentelemetry.api.trace.Span current = this.span;
			if (current != null) {
				this.span = null;
				current.end();
			}
		}

	}

	/**
	 * A span that records nothing; the command span records only what it overrides.
	 */
	private static class NoopSpan extends Tracer.Span {

		@Override
		public Tracer.Span start(RedisCommand<?, ?, ?> command) {
			return this;
		}

		@Override
		public Tracer.Span name(String name) {
			// A command span is named from the command itself when it starts
			return this;
		}

		@Override
		public Tracer.Span annotate(String value) {
			// Lettuce's encoding marks: no event worth its bytes
			return this;
		}

		@Override
		public Tracer.Span tag(String key, String value) {
			// Lettuce's own tags may hold arguments: left out
			return this;
		}

		@Override
		public Tracer.Span error(Throwable throwable) {
			return this;
		}

		@Override
		public Tracer.Span remoteEndpoint(Endpoint endpoint) {
			return this;
		}

		@Override
		public void finish() {
		}

	}

}
