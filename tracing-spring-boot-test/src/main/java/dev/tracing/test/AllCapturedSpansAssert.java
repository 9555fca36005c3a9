package dev.tracing.test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on every captured span at once, from {@link CapturedSpansAssert#allSpans()}.
 */
public final class AllCapturedSpansAssert extends AbstractAssert<AllCapturedSpansAssert, List<SpanData>> {

	private final CapturedSpanAssert.Failures failures;

	AllCapturedSpansAssert(List<SpanData> spans, CapturedSpanAssert.Failures failures) {
		super(spans, AllCapturedSpansAssert.class);
		this.failures = failures;
	}

	/**
	 * Checks that the text appears nowhere in what was exported: span names, status descriptions, the attributes
	 * of spans, events (exception messages, stack traces) and links, and the resource. Since the spans are
	 * captured where the exporter would send them, after the starter's redaction, this checks that a secret was
	 * masked.
	 * @param text the text that must not appear, such as a card number
	 * @return this
	 */
	public AllCapturedSpansAssert doNotContainValue(String text) {
		if (text.isEmpty()) {
			throw new IllegalArgumentException("doNotContainValue needs a non-empty text");
		}
		List<String> found = new ArrayList<>();
		for (SpanData span : this.actual) {
			String where = SpanTrees.describe(span);
			if (span.getName().contains(text)) {
				found.add(where + ": its name");
			}
			if (span.getStatus().getDescription().contains(text)) {
				found.add(where + ": its status description");
			}
			scan(span.getAttributes(), text, where + ": attribute ", found);
			for (EventData event : span.getEvents()) {
				if (event.getName().contains(text)) {
					found.add(where + ": the name of an event");
				}
				scan(event.getAttributes(), text, where + ": event '" + event.getName() + "' attribute ", found);
			}
			for (LinkData link : span.getLinks()) {
				scan(link.getAttributes(), text, where + ": a link's attribute ", found);
			}
			scan(span.getResource().getAttributes(), text, where + ": resource attribute ", found);
		}
		if (!found.isEmpty()) {
			throw this.failures.failure("Expected no captured span to contain \"" + text + "\" but it is in:\n  "
					+ String.join("\n  ", found));
		}
		return this;
	}

	/**
	 * Runs the OpenTelemetry SDK's span assertions on every captured span.
	 * @param requirements assertions on one span
	 * @return this
	 */
	public AllCapturedSpansAssert eachSatisfies(Consumer<SpanDataAssert> requirements) {
		for (SpanData span : this.actual) {
			try {
				requirements.accept(OpenTelemetryAssertions.assertThat(span));
			}
			catch (AssertionError ex) {
				throw this.failures.failure(SpanTrees.describe(span) + " does not satisfy the requirements: "
						+ ex.getMessage());
			}
		}
		return this;
	}

	private static void scan(Attributes attributes, String text, String where, List<String> found) {
		attributes.forEach((key, value) -> {
			if (String.valueOf(value).contains(text)) {
				found.add(where + key.getKey());
			}
		});
	}

}
