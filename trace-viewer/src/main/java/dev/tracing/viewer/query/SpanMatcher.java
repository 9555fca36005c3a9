package dev.tracing.viewer.query;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import dev.tracing.viewer.store.Attribute;
import dev.tracing.viewer.store.SpanEvent;
import dev.tracing.viewer.store.StoredSpan;

/**
 * Whether a span meets all conditions of a {@link TraceQuery}. As in Jaeger, a trace
 * matches when one of its spans meets them all. Tags are looked up, as Jaeger does, in
 * the span's tags, its events and its resource, and in the tags the viewer derives from
 * the trace, such as {@code n_plus_one}.
 */
final class SpanMatcher implements BiPredicate<StoredSpan, List<Attribute>> {

	private final TraceQuery query;

	SpanMatcher(TraceQuery query) {
		this.query = query;
	}

	boolean test(StoredSpan span) {
		return test(span, List.of());
	}

	@Override
	public boolean test(StoredSpan span, List<Attribute> derivedTags) {
		return matchesNames(span) && matchesDuration(span) && matchesStart(span) && matchesTags(span, derivedTags);
	}

	private boolean matchesNames(StoredSpan span) {
		return (this.query.service() == null || this.query.service().equals(span.serviceName()))
				&& (this.query.operation() == null || this.query.operation().equals(span.name()));
	}

	private boolean matchesDuration(StoredSpan span) {
		long nanos = span.durationNanos();
		return (this.query.minDuration() == null || nanos >= this.query.minDuration().toNanos())
				&& (this.query.maxDuration() == null || nanos <= this.query.maxDuration().toNanos());
	}

	private boolean matchesStart(StoredSpan span) {
		long startMicros = span.startEpochNanos() / 1000;
		return (this.query.startMicros() == null || startMicros >= this.query.startMicros())
				&& (this.query.endMicros() == null || startMicros <= this.query.endMicros());
	}

	private boolean matchesTags(StoredSpan span, List<Attribute> derivedTags) {
		if (this.query.tags().isEmpty()) {
			return true;
		}
		List<Attribute> tags = SpanTags.of(span, derivedTags);
		for (Map.Entry<String, String> tag : this.query.tags().entrySet()) {
			if (!contains(tags, tag) && !contains(span.resource().attributes(), tag) && !inEvents(span, tag)) {
				return false;
			}
		}
		return true;
	}

	private static boolean inEvents(StoredSpan span, Map.Entry<String, String> tag) {
		for (SpanEvent event : span.events()) {
			if (contains(event.attributes(), tag)) {
				return true;
			}
		}
		return false;
	}

	private static boolean contains(List<Attribute> attributes, Map.Entry<String, String> tag) {
		for (Attribute attribute : attributes) {
			if (attribute.key().equals(tag.getKey()) && attribute.valueAsString().equals(tag.getValue())) {
				return true;
			}
		}
		return false;
	}

}
