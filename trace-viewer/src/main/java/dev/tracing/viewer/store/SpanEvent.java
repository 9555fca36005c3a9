package dev.tracing.viewer.store;

import java.util.List;

/**
 * An event recorded on a span, such as an exception.
 *
 * @param epochNanos when the event happened, in nanoseconds since the epoch
 * @param name the event name
 * @param attributes the event attributes
 */
public record SpanEvent(long epochNanos, String name, List<Attribute> attributes) {

	public SpanEvent {
		attributes = List.copyOf(attributes);
	}

}
