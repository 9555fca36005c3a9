package dev.tracing.test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one captured trace: its root, its spans, the services it crossed. Handed to the consumer of
 * {@link CapturedSpansAssert#hasTraceSatisfying(java.util.function.Consumer)}.
 */
public final class CapturedTraceAssert extends AbstractAssert<CapturedTraceAssert, List<SpanData>> {

	CapturedTraceAssert(List<SpanData> trace) {
		super(trace, CapturedTraceAssert.class);
	}

	/**
	 * Checks that the trace is one tree (every captured span of it hangs under one root) whose root has this
	 * name. The root is the span whose parent was not captured: the trace's first span, or, when only the called
	 * service is captured, its server span.
	 * @param name the root's name
	 * @return assertions on the root and the spans under it
	 */
	public CapturedSpanAssert hasRootSpan(String name) {
		List<SpanData> roots = SpanTrees.roots(this.actual);
		if (roots.size() != 1) {
			throw new AssertionError("trace " + traceId() + ": expected one tree with root '" + name + "' but it has "
					+ roots.size() + " roots (spans whose parent was not captured): "
					+ roots.stream().map(SpanTrees::describe).toList()
					+ "; was the trace context propagated between them?");
		}
		SpanData root = roots.get(0);
		if (!root.getName().equals(name)) {
			throw new AssertionError("trace " + traceId() + ": expected the root span '" + name + "' but the root is "
					+ SpanTrees.describe(root));
		}
		return new CapturedSpanAssert(root, this.actual, "'" + name + "'", null);
	}

	/**
	 * Checks that the trace has a span with this name, anywhere.
	 * @param name the span's name
	 * @return assertions on the first such span
	 */
	public CapturedSpanAssert hasSpanNamed(String name) {
		SpanData span = this.actual.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("trace " + traceId() + ": expected a span named '" + name
					+ "' but its spans are " + names()));
		return new CapturedSpanAssert(span, this.actual, "'" + name + "'", null);
	}

	/**
	 * Checks that the trace has no span with this name.
	 * @param name the span's name
	 * @return this
	 */
	public CapturedTraceAssert hasNoSpanNamed(String name) {
		if (names().contains(name)) {
			throw new AssertionError("trace " + traceId() + ": expected no span named '" + name + "' but found one");
		}
		return this;
	}

	/**
	 * Checks how many spans of the trace were captured.
	 * @param count the expected number
	 * @return this
	 */
	public CapturedTraceAssert hasSpanCount(int count) {
		if (this.actual.size() != count) {
			throw new AssertionError("trace " + traceId() + ": expected " + count + " spans but it has "
					+ this.actual.size() + ": " + names());
		}
		return this;
	}

	/**
	 * Checks that the trace is one tree: a single root, every other span under it.
	 * @return this
	 */
	public CapturedTraceAssert isOneTree() {
		List<SpanData> roots = SpanTrees.roots(this.actual);
		if (roots.size() != 1) {
			throw new AssertionError("trace " + traceId() + ": expected one tree but it has " + roots.size()
					+ " roots (spans whose parent was not captured): "
					+ roots.stream().map(SpanTrees::describe).toList());
		}
		return this;
	}

	/**
	 * Checks the services ({@code service.name}) whose spans make up the trace, exactly.
	 * @param serviceNames the expected services
	 * @return this
	 */
	public CapturedTraceAssert hasServices(String... serviceNames) {
		Set<String> actual = this.actual.stream().map(SpanTrees::service).collect(Collectors.toCollection(TreeSet::new));
		Set<String> expected = new TreeSet<>(Arrays.asList(serviceNames));
		if (!actual.equals(expected)) {
			throw new AssertionError("trace " + traceId() + ": expected spans of the services " + expected
					+ " but they are of " + actual);
		}
		return this;
	}

	/**
	 * Checks every captured span of the trace.
	 * @param requirements assertions on one span
	 * @return this
	 */
	public CapturedTraceAssert eachSpanSatisfies(Consumer<CapturedSpanAssert> requirements) {
		for (SpanData span : this.actual) {
			requirements.accept(new CapturedSpanAssert(span, this.actual, "'" + span.getName() + "'", null));
		}
		return this;
	}

	private List<String> names() {
		return this.actual.stream().map(SpanData::getName).toList();
	}

	private String traceId() {
		return this.actual.isEmpty() ? "(empty)" : this.actual.get(0).getTraceId();
	}

}
