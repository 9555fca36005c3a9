package dev.tracing.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce's {@link Tracing} SPI implemented on the stable OpenTelemetry API: one CLIENT span per Redis command, child
 * of the span that was current when the application issued it, following the stable database semantic conventions.
 * The span is named after the command ({@code GET}, {@code SET}, {@code MULTI}, {@code EXEC}) and carries
 * {@code db.system.name=redis}, {@code db.operation.name}, {@code db.query.text} and {@code server.address} /
 * {@code server.port} of the connection. {@code db.query.text} holds the command without its arguments (keys and
 * values never leave the application) unless arguments are included; then it holds Lettuce's rendering of them,
 * which the starter's redaction masks like any other exported text.
 * <p>
 * Commands issued outside a sampled trace (start-up, health checks the starter skips, unsampled requests) make no
 * span. Pipelined commands and the commands of a {@code MULTI}/{@code EXEC} transaction each get their own span, in
 * the order they were written, so the waterfall shows the pipeline and the transaction's boundaries.
 * <p>
 * Set it on the client resources: {@code ClientResources.builder().tracing(redisCommandTracing)}; the starter does so
 * for the connection factory Spring Boot configures.
 */
public final class RedisCommandTracing implements Tracing {

	/** Name of the instrumentation scope of Redis spans. */
	public static final String INSTRUMENTATION_SCOPE = "dev.tracing.redis";

	private final CommandSpans spans;

	private final TracerProvider tracerProvider;

	private final boolean includeArguments;

	/**
	 * Create a new instance.
	 * @param openTelemetry the OpenTelemetry whose tracer provider makes the spans
	 * @param includeArguments whether {@code db.query.text} holds the command's arguments (keys and values) too
	 */
	public RedisCommandTracing(OpenTelemetry openTelemetry, boolean includeArguments) {
		this.spans = new CommandSpans(openTelemetry.getTracer(INSTRUMENTATION_SCOPE), includeArguments);
		Tracer tracer = new CommandTracer(this.spans);
		this.tracerProvider = () -> tracer;
		this.includeArguments = includeArguments;
	}

	/**
	 * Return client resources like the given ones, with this tracing.
	 * @param resources the resources to start from
	 * @return new resources that share the given ones' event loops
	 */
	public ClientResources instrument(ClientResources resources) {
		return resources.mutate().tracing(this).build();
	}

	@Override
	public TracerProvider getTracerProvider() {
		return this.tracerProvider;
	}

	/**
	 * Captures the context current on the thread that issues a command; Lettuce carries it to the I/O thread that
	 * writes the command, where the span starts.
	 * @return the provider of the issuing thread's context
	 */
	@Override
	public TraceContextProvider initialTraceContextProvider() {
		return RedisCommandTracing::currentContext;
	}

	@Override
	public boolean isEnabled() {
		return true;
	}

	@Override
	public boolean includeCommandArgsInSpanTags() {
		return this.includeArguments;
	}

	@Override
	public Endpoint createEndpoint(SocketAddress socketAddress) {
		if (socketAddress instanceof InetSocketAddress inet) {
			return new ServerEndpoint(inet.getHostString(), inet.getPort());
		}
		return new ServerEndpoint(socketAddress.toString(), -1);
	}

	private static TraceContext currentContext() {
		Context context = Context.current();
		if (!Span.fromContext(context).getSpanContext().isSampled()) {
			return TraceContext.EMPTY;
		}
		return new ParentContext(context);
	}

	/**
	 * The OpenTelemetry context a command was issued in.
	 * @param context the context
	 */
	record ParentContext(Context context) implements TraceContext {
	}

	/**
	 * The server a connection goes to.
	 * @param address its host name or address
	 * @param port its port, or -1 for a Unix domain socket
	 */
	record ServerEndpoint(String address, int port) implements Endpoint {
	}

	private static final class CommandTracer extends Tracer {

		private final CommandSpans spans;

		CommandTracer(CommandSpans spans) {
			this.spans = spans;
		}

		// Without a context, Lettuce is on its I/O thread: nothing of the application's to attach to.
		@Override
		public Span nextSpan() {
			return CommandSpans.NOOP;
		}

		@Override
		public Span nextSpan(@Nullable TraceContext traceContext) {
			if (traceContext instanceof ParentContext parent) {
				return this.spans.next(parent.context());
			}
			return CommandSpans.NOOP;
		}

	}

}
