package dev.tracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.ResourceAssert;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Fluent assertions on {@link CapturedSpans}, from {@code assertThat(capturedSpans)}.
 * <p>
 * Assertions that something is there ({@link #hasTraceSatisfying}, {@link #hasSpanNamed}, {@link #hasSpanCount})
 * wait, up to {@link CapturedSpans#DEFAULT_TIMEOUT} or {@link #within(Duration)}, for the spans to end; assertions
 * that something is not there ({@link #hasNoSpanNamed}, {@link #allSpans()}) check what has ended when they run.
 * Every failure prints the captured traces as trees.
 */
public final class CapturedSpansAssert extends AbstractAssert<CapturedSpansAssert, CapturedSpans> {

	private Duration timeout = CapturedSpans.DEFAULT_TIMEOUT;

	CapturedSpansAssert(CapturedSpans actual) {
		super(actual, CapturedSpansAssert.class);
	}

	/**
	 * Sets how long the following assertions wait for spans to end.
	 * @param timeout the wait
	 * @return this
	 */
	public CapturedSpansAssert within(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		this.timeout = timeout;
		return this;
	}

	/**
	 * Checks that one of the captured traces satisfies the requirements, waiting for it:
	 * {@code hasTraceSatisfying(t -> t.hasRootSpan("GET /users/{id}").hasChild("SELECT users"))}.
	 * @param requirements assertions on one trace
	 * @return this
	 */
	public CapturedSpansAssert hasTraceSatisfying(Consumer<CapturedTraceAssert> requirements) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			List<SpanData> spans = this.actual.spans();
			List<String> failures = new ArrayList<>();
			List<List<SpanData>> traces = new ArrayList<>(SpanTrees.traces(spans));
			Collections.reverse(traces);
			for (List<SpanData> trace : traces) {
				try {
					requirements.accept(new CapturedTraceAssert(trace));
					return this;
				}
				catch (AssertionError ex) {
					failures.add(withTrace(trace, ex.getMessage()));
				}
			}
			if (System.nanoTime() - deadline >= 0) {
				String why = failures.isEmpty() ? "no trace was captured"
						: "none did:\n  " + String.join("\n  ", failures);
				throw fail("Expected a captured trace to satisfy the requirements within " + millis() + "; " + why,
						spans);
			}
			CapturedSpans.pause();
		}
	}

	/**
	 * Checks that a span with this name was captured, waiting for it to end.
	 * @param name the span's name
	 * @return assertions on the latest such span and the spans under it
	 */
	public CapturedSpanAssert hasSpanNamed(String name) {
		List<SpanData> spans = await((all) -> all.stream().anyMatch((span) -> span.getName().equals(name)),
				"a span named '" + name + "'");
		SpanData span = spans.stream().filter((candidate) -> candidate.getName().equals(name))
			.reduce((first, second) -> second).orElseThrow();
		List<SpanData> trace = spans.stream().filter((other) -> other.getTraceId().equals(span.getTraceId())).toList();
		return new CapturedSpanAssert(span, trace, "'" + name + "'", (message) -> fail(message, spans));
	}

	/**
	 * Checks that no span with this name has been captured (of those that have ended).
	 * @param name the span's name
	 * @return this
	 */
	public CapturedSpansAssert hasNoSpanNamed(String name) {
		List<SpanData> spans = this.actual.spans();
		List<SpanData> found = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		if (!found.isEmpty()) {
			throw fail("Expected no span named '" + name + "' but " + found.size() + " were captured: "
					+ found.stream().map(SpanTrees::describe).toList(), spans);
		}
		return this;
	}

	/**
	 * Checks how many spans were captured: waits until there are at least that many, then checks there are no
	 * more.
	 * @param count the expected number
	 * @return this
	 */
	public CapturedSpansAssert hasSpanCount(int count) {
		List<SpanData> spans = await((all) -> all.size() >= count, count + " captured spans");
		if (spans.size() != count) {
			throw fail("Expected " + count + " captured spans but there are " + spans.size(), spans);
		}
		return this;
	}

	/**
	 * Checks that no span has been captured (of those that have ended).
	 * @return this
	 */
	public CapturedSpansAssert hasNoSpans() {
		return hasSpanCountNow(0);
	}

	private CapturedSpansAssert hasSpanCountNow(int count) {
		List<SpanData> spans = this.actual.spans();
		if (spans.size() != count) {
			throw fail("Expected " + count + " captured spans but there are " + spans.size(), spans);
		}
		return this;
	}

	/**
	 * Checks the resource the spans were exported with (each span's), waiting for at least one span.
	 * @param requirements the OpenTelemetry SDK's assertions on a resource
	 * @return this
	 */
	public CapturedSpansAssert hasResourceSatisfying(Consumer<ResourceAssert> requirements) {
		List<SpanData> spans = await((all) -> !all.isEmpty(), "at least one captured span");
		for (SpanData span : spans) {
			try {
				OpenTelemetryAssertions.assertThat(span).hasResourceSatisfying(requirements);
			}
			catch (AssertionError ex) {
				throw fail("The resource of " + SpanTrees.describe(span) + " does not satisfy the requirements: "
						+ ex.getMessage() + "\nIts resource: " + span.getResource().getAttributes(), spans);
			}
		}
		return this;
	}

	/**
	 * Assertions on every span captured so far (of those that have ended), for checks such as redaction's:
	 * {@code allSpans().doNotContainValue("4111111111111111")}.
	 * @return assertions on all captured spans
	 */
	public AllCapturedSpansAssert allSpans() {
		List<SpanData> spans = this.actual.spans();
		return new AllCapturedSpansAssert(spans, (message) -> fail(message, spans));
	}

	private List<SpanData> await(Predicate<List<SpanData>> condition, String description) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			List<SpanData> spans = this.actual.spans();
			if (condition.test(spans)) {
				return spans;
			}
			if (System.nanoTime() - deadline >= 0) {
				throw fail("Expected " + description + " within " + millis() + " but none was captured", spans);
			}
			CapturedSpans.pause();
		}
	}

	private static String withTrace(List<SpanData> trace, @Nullable String message) {
		String text = (message != null) ? message : "assertion failed";
		return text.startsWith("trace ") ? text : "trace " + trace.get(0).getTraceId() + ": " + text;
	}

	private String millis() {
		return this.timeout.toMillis() + " ms";
	}

	private AssertionError fail(String message, List<SpanData> spans) {
		return new AssertionError(message + "\n\n" + this.actual.describe(spans));
	}

}
