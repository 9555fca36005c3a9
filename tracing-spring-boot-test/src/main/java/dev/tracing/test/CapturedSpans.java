package dev.tracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;

/**
 * The spans an application exported during a test, captured in memory by {@link CapturingSpanExporter}: inject it
 * in a test annotated with {@code @AutoConfigureTracingCapture}, or take it from a {@link TracedApplication}.
 * <p>
 * Every read first flushes the application's tracer provider, so spans that have ended are there without waiting
 * for the batch processor's schedule. The {@code await…} methods wait, up to a bound, for spans that have not ended
 * yet (a server span ends after the response has been written) and fail with the captured trees when the wait runs
 * out. {@code assertThat(capturedSpans)} gives fluent assertions ({@link CapturedSpansAssert}).
 * <p>
 * Spans of several services tested together are seen as one with {@link #combine(CapturedSpans...)}.
 */
public final class CapturedSpans implements AssertProvider<CapturedSpansAssert> {

	/**
	 * How long {@code await…} methods and waiting assertions wait by default.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final long FLUSH_TIMEOUT_SECONDS = 5;

	private static final long POLL_INTERVAL_MILLIS = 20;

	private final List<Source> sources;

	private CapturedSpans(List<Source> sources) {
		this.sources = List.copyOf(sources);
	}

	/**
	 * Creates the captured spans of one application.
	 * @param exporter the exporter that captures its spans
	 * @param tracerProvider its tracer provider, flushed before each read (may supply {@code null} when tracing is
	 * off)
	 * @return the captured spans
	 */
	public static CapturedSpans of(CapturingSpanExporter exporter, Supplier<? extends @Nullable SdkTracerProvider> tracerProvider) {
		Objects.requireNonNull(exporter, "exporter must not be null");
		Objects.requireNonNull(tracerProvider, "tracerProvider must not be null");
		return new CapturedSpans(List.of(new Source(exporter, tracerProvider)));
	}

	/**
	 * Sees the spans of several applications as one, so that a trace crossing them is one tree.
	 * @param services the captured spans of each application
	 * @return a view over all of them
	 */
	public static CapturedSpans combine(CapturedSpans... services) {
		if (services.length == 0) {
			throw new IllegalArgumentException("combine needs at least one CapturedSpans");
		}
		List<Source> sources = new ArrayList<>();
		Arrays.stream(services).forEach((service) -> sources.addAll(service.sources));
		return new CapturedSpans(sources);
	}

	/**
	 * Flushes the tracer provider and returns every span captured since the last reset.
	 * @return the spans, by start time
	 */
	public List<SpanData> spans() {
		List<SpanData> spans = new ArrayList<>();
		for (Source source : this.sources) {
			source.flush();
			spans.addAll(source.exporter().spans());
		}
		spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
		return List.copyOf(spans);
	}

	/**
	 * Returns the captured spans with the given name.
	 * @param name the span name
	 * @return the spans, by start time
	 */
	public List<SpanData> spansNamed(String name) {
		return spans().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	/**
	 * Returns the captured spans grouped into traces.
	 * @return each trace's spans by start time, the trace that started first first
	 */
	public List<List<SpanData>> traces() {
		return SpanTrees.traces(spans());
	}

	/**
	 * Waits until a span with the given name has ended.
	 * @param name the span name
	 * @return the latest such span
	 */
	public SpanData awaitSpan(String name) {
		return awaitSpan((span) -> span.getName().equals(name), "a span named '" + name + "'");
	}

	/**
	 * Waits until a span matching the condition has ended.
	 * @param condition the condition
	 * @param description what the condition means, for the timeout message
	 * @return the latest matching span
	 */
	public SpanData awaitSpan(Predicate<SpanData> condition, String description) {
		List<SpanData> spans = awaitSpans((all) -> all.stream().anyMatch(condition), description, DEFAULT_TIMEOUT);
		return spans.stream().filter(condition).reduce((first, second) -> second).orElseThrow();
	}

	/**
	 * Waits until the captured spans, as a whole, satisfy the condition.
	 * @param condition the condition on all captured spans
	 * @param description what the condition means, for the timeout message
	 * @param timeout how long to wait
	 * @return the captured spans that satisfied it
	 * @throws AssertionError naming the condition and printing what was captured, when the wait runs out
	 */
	public List<SpanData> awaitSpans(Predicate<List<SpanData>> condition, String description, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<SpanData> spans = spans();
			if (condition.test(spans)) {
				return spans;
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + description
						+ ".\n" + describe(spans));
			}
			pause();
		}
	}

	/**
	 * Waits until a span with the given name has ended, then returns every span of its trace captured by then.
	 * @param spanName the name of a span of the trace, such as its root
	 * @return the spans of the trace of the latest such span, by start time
	 */
	public List<SpanData> awaitTrace(String spanName) {
		String traceId = awaitSpan(spanName).getTraceId();
		return spans().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	/**
	 * Forgets every span captured so far, after flushing what the batch processor still held. Called before each
	 * test method by the test support's listener.
	 */
	public void reset() {
		for (Source source : this.sources) {
			source.flush();
			source.exporter().reset();
		}
	}

	/**
	 * Prints the captured traces as trees, as assertion failures show them.
	 * @return the trees
	 */
	public String render() {
		return describe(spans());
	}

	String describe(List<SpanData> spans) {
		String trees = SpanTrees.render(spans);
		long missing = this.sources.stream().filter((source) -> source.tracerProvider().get() == null).count();
		if (missing > 0) {
			trees += "\n(" + missing + " of the captured applications has no SdkTracerProvider bean: is tracing"
					+ " turned off with tracing.enabled=false?)";
		}
		return trees;
	}

	static void pause() {
		try {
			Thread.sleep(POLL_INTERVAL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for spans", ex);
		}
	}

	@Override
	public CapturedSpansAssert assertThat() {
		return new CapturedSpansAssert(this);
	}

	@Override
	public String toString() {
		return render();
	}

	private record Source(CapturingSpanExporter exporter, Supplier<? extends @Nullable SdkTracerProvider> tracerProvider) {

		void flush() {
			SdkTracerProvider provider = this.tracerProvider.get();
			if (provider != null) {
				provider.forceFlush().join(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
		}

	}

}
