package dev.tracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one captured span and the spans under it. The span checks are the OpenTelemetry SDK's
 * ({@link SpanDataAssert}, reachable whole through {@link #hasSpanDataSatisfying(Consumer)}); the tree checks
 * ({@link #hasChild(String, Consumer)}) walk the trace. A failure names the path from the root to the span and, when
 * this assertion was not handed to a consumer, prints every captured trace.
 */
public final class CapturedSpanAssert extends AbstractAssert<CapturedSpanAssert, SpanData> {

	private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

	private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

	private final List<SpanData> trace;

	private final String path;

	private final @Nullable Failures failures;

	CapturedSpanAssert(SpanData span, List<SpanData> trace, String path, @Nullable Failures failures) {
		super(span, CapturedSpanAssert.class);
		this.trace = trace;
		this.path = path;
		this.failures = failures;
	}

	/**
	 * Checks the span's kind.
	 * @param kind the expected kind
	 * @return this
	 */
	public CapturedSpanAssert hasKind(SpanKind kind) {
		return check(() -> span().hasKind(kind));
	}

	/**
	 * Checks the span's status code.
	 * @param code the expected status code
	 * @return this
	 */
	public CapturedSpanAssert hasStatus(StatusCode code) {
		return check(() -> {
			if (this.actual.getStatus().getStatusCode() != code) {
				throw new AssertionError("expected status " + code + " but was " + this.actual.getStatus());
			}
		});
	}

	/**
	 * Checks that the span's status description contains the text.
	 * @param text the expected fragment
	 * @return this
	 */
	public CapturedSpanAssert hasStatusDescriptionContaining(String text) {
		return check(() -> {
			if (!this.actual.getStatus().getDescription().contains(text)) {
				throw new AssertionError("expected a status description containing \"" + text + "\" but was \""
						+ this.actual.getStatus().getDescription() + "\"");
			}
		});
	}

	/**
	 * Checks an attribute, with a typed key such as the semantic conventions' {@code DbAttributes.DB_QUERY_TEXT}.
	 * @param <T> the attribute's type
	 * @param key the key
	 * @param value the expected value
	 * @return this
	 */
	public <T> CapturedSpanAssert hasAttribute(AttributeKey<T> key, T value) {
		return check(() -> span().hasAttribute(key, value));
	}

	/**
	 * Checks an attribute by name, whatever its type: {@code hasAttribute("account.events_read", 20)} matches the
	 * long 20.
	 * @param key the attribute's name
	 * @param value the expected value
	 * @return this
	 */
	public CapturedSpanAssert hasAttribute(String key, Object value) {
		return check(() -> {
			Object actual = attribute(key);
			if (actual == null) {
				throw new AssertionError("expected attribute " + key + "=" + value + " but the span has no " + key
						+ "; its attributes: " + this.actual.getAttributes());
			}
			if (!Objects.equals(normalize(actual), normalize(value))) {
				throw new AssertionError("expected attribute " + key + "=" + value + " but was " + key + "=" + actual);
			}
		});
	}

	/**
	 * Checks that the span has no attribute with this name.
	 * @param key the attribute's name
	 * @return this
	 */
	public CapturedSpanAssert doesNotHaveAttribute(String key) {
		return check(() -> {
			Object actual = attribute(key);
			if (actual != null) {
				throw new AssertionError("expected no attribute " + key + " but found " + key + "=" + actual);
			}
		});
	}

	/**
	 * Checks that the span has an event with this name.
	 * @param name the event name
	 * @return this
	 */
	public CapturedSpanAssert hasEventNamed(String name) {
		return check(() -> {
			if (this.actual.getEvents().stream().noneMatch((event) -> event.getName().equals(name))) {
				throw new AssertionError("expected an event named '" + name + "' but its events are "
						+ this.actual.getEvents().stream().map(EventData::getName).toList());
			}
		});
	}

	/**
	 * Checks that the span recorded an exception of this type (an {@code exception} event whose
	 * {@code exception.type} is the class's canonical or binary name).
	 * @param type the exception's class
	 * @return this
	 */
	public CapturedSpanAssert hasException(Class<? extends Throwable> type) {
		return check(() -> {
			// The SDK records the canonical name (Outer.Inner); a hand-recorded event may hold the binary one.
			if (exceptionEvents().stream().map((event) -> event.getAttributes().get(EXCEPTION_TYPE))
				.noneMatch((recorded) -> type.getName().equals(recorded)
						|| Objects.equals(type.getCanonicalName(), recorded))) {
				throw new AssertionError("expected a recorded exception of type " + type.getName()
						+ " but the recorded exceptions are " + exceptions());
			}
		});
	}

	/**
	 * Checks that the span recorded an exception whose message contains the text.
	 * @param text the expected fragment
	 * @return this
	 */
	public CapturedSpanAssert hasExceptionMessageContaining(String text) {
		return check(() -> {
			if (exceptionEvents().stream().noneMatch((event) -> String.valueOf(event.getAttributes().get(
					EXCEPTION_MESSAGE)).contains(text))) {
				throw new AssertionError("expected a recorded exception whose message contains \"" + text
						+ "\" but the recorded exceptions are " + exceptions());
			}
		});
	}

	/**
	 * Checks that the span lasted longer than the given duration.
	 * @param duration the bound
	 * @return this
	 */
	public CapturedSpanAssert hasDurationGreaterThan(Duration duration) {
		return check(() -> {
			if (duration().compareTo(duration) <= 0) {
				throw new AssertionError("expected a duration over " + duration + " but was " + duration());
			}
		});
	}

	/**
	 * Checks that the span lasted less than the given duration.
	 * @param duration the bound
	 * @return this
	 */
	public CapturedSpanAssert hasDurationLessThan(Duration duration) {
		return check(() -> {
			if (duration().compareTo(duration) >= 0) {
				throw new AssertionError("expected a duration under " + duration + " but was " + duration());
			}
		});
	}

	/**
	 * Checks the {@code service.name} of the resource the span was exported with.
	 * @param serviceName the expected service name
	 * @return this
	 */
	public CapturedSpanAssert hasServiceName(String serviceName) {
		return hasResourceAttribute("service.name", serviceName);
	}

	/**
	 * Checks an attribute of the resource the span was exported with.
	 * @param key the attribute's name
	 * @param value the expected value
	 * @return this
	 */
	public CapturedSpanAssert hasResourceAttribute(String key, Object value) {
		return check(() -> {
			Object actual = valueOf(this.actual.getResource().getAttributes(), key);
			if (!Objects.equals(normalize(actual), normalize(value))) {
				throw new AssertionError("expected resource attribute " + key + "=" + value + " but was "
						+ ((actual != null) ? key + "=" + actual : "absent") + "; the resource: "
						+ this.actual.getResource().getAttributes());
			}
		});
	}

	/**
	 * Runs any of the OpenTelemetry SDK's span assertions on this span.
	 * @param requirements assertions on the span's {@link SpanDataAssert}
	 * @return this
	 */
	public CapturedSpanAssert hasSpanDataSatisfying(Consumer<SpanDataAssert> requirements) {
		return check(() -> requirements.accept(span()));
	}

	/**
	 * Checks that the span has a direct child with this name.
	 * @param name the child's name
	 * @return this
	 */
	public CapturedSpanAssert hasChild(String name) {
		return hasChild(name, (child) -> {
		});
	}

	/**
	 * Checks that the span has a direct child with this name that satisfies the requirements; with several
	 * children of that name, one of them must.
	 * @param name the child's name
	 * @param requirements assertions on the child and the spans under it
	 * @return this
	 */
	public CapturedSpanAssert hasChild(String name, Consumer<CapturedSpanAssert> requirements) {
		return check(() -> satisfiedByOne(named(SpanTrees.children(this.trace, this.actual), name), name, "child",
				requirements));
	}

	/**
	 * Checks that a span with this name is somewhere under this span and satisfies the requirements.
	 * @param name the descendant's name
	 * @param requirements assertions on it
	 * @return this
	 */
	public CapturedSpanAssert hasDescendant(String name, Consumer<CapturedSpanAssert> requirements) {
		return check(() -> satisfiedByOne(named(descendants(this.actual), name), name, "descendant", requirements));
	}

	/**
	 * Checks that the span has no direct child with this name.
	 * @param name the name
	 * @return this
	 */
	public CapturedSpanAssert hasNoChildNamed(String name) {
		return check(() -> {
			if (!named(SpanTrees.children(this.trace, this.actual), name).isEmpty()) {
				throw new AssertionError("expected no child named '" + name + "' but found one");
			}
		});
	}

	/**
	 * Checks the names of the span's direct children, in any order.
	 * @param names the expected names, each once per child
	 * @return this
	 */
	public CapturedSpanAssert hasChildrenNamed(String... names) {
		return check(() -> {
			List<String> actual = SpanTrees.children(this.trace, this.actual).stream().map(SpanData::getName).toList();
			List<String> expected = List.of(names);
			if (!(actual.size() == expected.size() && actual.containsAll(expected) && expected.containsAll(actual))) {
				throw new AssertionError("expected children " + expected + " but they are " + actual);
			}
		});
	}

	private void satisfiedByOne(List<SpanData> candidates, String name, String relation,
			Consumer<CapturedSpanAssert> requirements) {
		if (candidates.isEmpty()) {
			throw new AssertionError("expected a " + relation + " named '" + name + "' but its children are "
					+ SpanTrees.children(this.trace, this.actual).stream().map(SpanData::getName).toList());
		}
		AssertionError last = null;
		for (SpanData candidate : candidates) {
			try {
				requirements.accept(new CapturedSpanAssert(candidate, this.trace, this.path + " > '" + name + "'",
						null));
				return;
			}
			catch (AssertionError ex) {
				last = ex;
			}
		}
		throw Objects.requireNonNull(last);
	}

	private List<SpanData> descendants(SpanData span) {
		List<SpanData> all = new ArrayList<>();
		for (SpanData child : SpanTrees.children(this.trace, span)) {
			all.add(child);
			all.addAll(descendants(child));
		}
		return all;
	}

	private static List<SpanData> named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).toList();
	}

	private CapturedSpanAssert check(Runnable check) {
		try {
			check.run();
		}
		catch (AssertionError ex) {
			String message = ex.getMessage();
			// A failure from a span under this one already names its own path.
			String located = (message != null && message.startsWith("span ")) ? message
					: "span " + this.path + " (" + SpanTrees.describe(this.actual) + "): " + firstLines(message);
			throw (this.failures != null) ? this.failures.failure(located) : new AssertionError(located, ex);
		}
		return this;
	}

	private static String firstLines(@Nullable String message) {
		return (message != null) ? message.strip() : "assertion failed";
	}

	private SpanDataAssert span() {
		return OpenTelemetryAssertions.assertThat(this.actual);
	}

	private @Nullable Object attribute(String key) {
		return valueOf(this.actual.getAttributes(), key);
	}

	// By name, whatever the key's type.
	private static @Nullable Object valueOf(Attributes attributes, String key) {
		return attributes.asMap()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getKey().equals(key))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private List<EventData> exceptionEvents() {
		return this.actual.getEvents().stream().filter((event) -> event.getName().equals("exception")).toList();
	}

	private List<String> exceptions() {
		return exceptionEvents().stream()
			.map((event) -> event.getAttributes().get(EXCEPTION_TYPE) + ": "
					+ event.getAttributes().get(EXCEPTION_MESSAGE))
			.toList();
	}

	private Duration duration() {
		return Duration.ofNanos(this.actual.getEndEpochNanos() - this.actual.getStartEpochNanos());
	}

	static @Nullable Object normalize(@Nullable Object value) {
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Float) {
			return ((Float) value).doubleValue();
		}
		return value;
	}

	/**
	 * Turns a failure into the assertion error a test sees: with every captured trace printed.
	 */
	interface Failures {

		AssertionError failure(String message);

	}

}
