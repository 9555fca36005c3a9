package dev.tracing.sampling;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * The context of work that must not be traced, such as a health check: a valid but unsampled parent, so that a
 * parent-based sampler drops every span started under it and calls made under it propagate "not sampled". Log lines
 * written under it carry no trace ids.
 * <p>
 * It is one context for the whole JVM, so that untraced work allocates nothing for it; yet downstream services never
 * see one trace id shared by every health check: its ids are drawn afresh each time something reads them (a call made
 * under it, which propagates them; a span started under it, which the sampler drops), so untraced work that calls
 * nothing pays for no id, and each call it makes carries an unsampled trace of its own.
 */
public final class Untraced {

	private static final Context CONTEXT = Context.root().with(Span.wrap(new FreshIdsSpanContext()));

	private Untraced() {
	}

	/**
	 * The context of untraced work.
	 * @return the context to make current around it
	 */
	public static Context context() {
		return CONTEXT;
	}

	/**
	 * Whether a span context is that of an untraced context.
	 * @param spanContext the span context
	 * @return whether it came from {@link #context()}
	 */
	public static boolean is(SpanContext spanContext) {
		return spanContext instanceof FreshIdsSpanContext;
	}

	/**
	 * Valid and unsampled; every read of an id draws a new one. Immutable: it holds no state at all.
	 */
	private static final class FreshIdsSpanContext implements SpanContext {

		private static final HexFormat HEX = HexFormat.of();

		// Drawn here, not by the SDK's IdGenerator: that one writes into a per-thread buffer that a propagator may be
		// filling with this very id when it reads it.
		// One array and one string: two hex strings and their concatenation cost 32 B more per call.
		@Override
		public String getTraceId() {
			byte[] id = new byte[16];
			ThreadLocalRandom random = ThreadLocalRandom.current();
			do {
				random.nextBytes(id);
			}
			while (isZero(id));
			return HEX.formatHex(id);
		}

		private static boolean isZero(byte[] id) {
			for (byte b : id) {
				if (b != 0) {
					return false;
				}
			}
			return true;
		}

		@Override
		public String getSpanId() {
			return HEX.toHexDigits(nonZero(ThreadLocalRandom.current()));
		}

		private static long nonZero(ThreadLocalRandom random) {
			long id;
			do {
				id = random.nextLong();
			}
			while (id == 0);
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

		// Valid without drawing ids: the ids drawn are never all zeros.
		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public String toString() {
			return "Untraced";
		}

	}

}
