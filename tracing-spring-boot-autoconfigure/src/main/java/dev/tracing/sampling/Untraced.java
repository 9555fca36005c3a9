package dev.tracing.sampling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The context of work that must not be traced, such as a health check: a valid but unsampled parent, so that a
 * parent-based sampler drops every span started under it and calls made under it propagate "not sampled". Log lines
 * written under it carry no trace ids.
 * <p>
 * Each piece of untraced work gets ids of its own, so that downstream services never see one trace id shared by
 * every health check of a JVM; the ids are drawn only when something reads them (a call made under the context,
 * which propagates them), so untraced work that calls nothing pays for no id.
 */
public final class Untraced {

	private Untraced() {
	}

	/**
	 * A context for one piece of untraced work.
	 * @return a new context to make current around it
	 */
	public static Context context() {
		return Context.root().with(Span.wrap(new LazySpanContext()));
	}

	/**
	 * Whether a span context is that of an untraced context.
	 * @param spanContext the span context
	 * @return whether it came from {@link #context()}
	 */
	public static boolean is(SpanContext spanContext) {
		return spanContext instanceof LazySpanContext;
	}

	/**
	 * Valid and unsampled from the start; its ids are drawn on first read.
	 */
	private static final class LazySpanContext implements SpanContext {

		private volatile @Nullable String traceId;

		private volatile @Nullable String spanId;

		@Override
		public String getTraceId() {
			String id = this.traceId;
			if (id == null) {
				synchronized (this) {
					id = this.traceId;
					if (id == null) {
						id = IdGenerator.random().generateTraceId();
						this.traceId = id;
					}
				}
			}
			return id;
		}

		@Override
		public String getSpanId() {
			String id = this.spanId;
			if (id == null) {
				synchronized (this) {
					id = this.spanId;
					if (id == null) {
						id = IdGenerator.random().generateSpanId();
						this.spanId = id;
					}
				}
			}
			return id;
		}

		@Override
		public TraceFlags getTraceFlags() {
			return TraceFlags.getDefault();
		}

		@Override
		public TraceState getTraceState() {
			return TraceState.getDefault();
		}

		@Override
		public boolean isRemote() {
			return false;
		}

		// Valid without drawing ids: the random generator never draws an invalid one.
		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public String toString() {
			return "Untraced{traceId=" + this.traceId + ", spanId=" + this.spanId + "}";
		}

	}

}
