package dev.tracing.logging;

import dev.tracing.sampling.Untraced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MDC follows the context made current, over the JVM's default storage (not the wrapped global one, which the
 * application tests install).
 */
class MdcContextStorageTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final ContextStorage storage = new MdcContextStorage(new ThreadLocalStorage(), () -> MdcKeys.DEFAULT);

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void showsTheIdsOfASpanWhileItsScopeIsOpenSampledOrNot() {
		for (TraceFlags flags : new TraceFlags[] { TraceFlags.getSampled(), TraceFlags.getDefault() }) {
			try (Scope ignored = this.storage.attach(context("00f067aa0ba902b7", flags))) {
				assertThat(MDC.get("traceId")).isEqualTo(TRACE);
				assertThat(MDC.get("spanId")).isEqualTo("00f067aa0ba902b7");
			}
			assertThat(MDC.get("traceId")).isNull();
			assertThat(MDC.get("spanId")).isNull();
		}
	}

	@Test
	void keepsTheOuterIdsThroughAScopeOfTheSameSpanAndRestoresThemAfterAnother() {
		Context outer = context("00f067aa0ba902b7", TraceFlags.getSampled());
		try (Scope ignored = this.storage.attach(outer)) {
			try (Scope same = this.storage.attach(outer.with(Span.fromContext(outer)))) {
				assertThat(MDC.get("spanId")).isEqualTo("00f067aa0ba902b7");
			}
			assertThat(MDC.get("spanId")).isEqualTo("00f067aa0ba902b7");
			try (Scope child = this.storage.attach(context("b7ad6b7169203331", TraceFlags.getSampled()))) {
				assertThat(MDC.get("spanId")).isEqualTo("b7ad6b7169203331");
			}
			assertThat(MDC.get("spanId")).isEqualTo("00f067aa0ba902b7");
		}
		assertThat(MDC.get("spanId")).isNull();
	}

	@Test
	void showsNoIdsForUntracedWorkAndRestoresTheOuterOnes() {
		try (Scope ignored = this.storage.attach(context("00f067aa0ba902b7", TraceFlags.getSampled()))) {
			try (Scope untraced = this.storage.attach(Untraced.context())) {
				assertThat(MDC.get("traceId")).isNull();
				assertThat(MDC.get("spanId")).isNull();
			}
			assertThat(MDC.get("traceId")).isEqualTo(TRACE);
		}
		try (Scope untraced = this.storage.attach(Untraced.context())) {
			assertThat(MDC.get("traceId")).isNull();
		}
	}

	private static Context context(String spanId, TraceFlags flags) {
		return Context.root()
			.with(Span.wrap(SpanContext.create(TRACE, spanId, flags, TraceState.getDefault())));
	}

	/** A thread-local storage of its own, as OpenTelemetry's default. */
	private static final class ThreadLocalStorage implements ContextStorage {

		private final ThreadLocal<Context> current = new ThreadLocal<>();

		@Override
		public Scope attach(Context toAttach) {
			Context previous = this.current.get();
			if (previous == toAttach) {
				return Scope.noop();
			}
			this.current.set(toAttach);
			return () -> this.current.set(previous);
		}

		@Override
		public Context current() {
			return this.current.get();
		}

	}

}
