package dev.tracing.viewer.store;

import java.util.List;

/**
 * A link from a span to another span, possibly in another trace.
 *
 * @param traceId the linked trace id, 32 lowercase hex characters
 * @param spanId the linked span id, 16 lowercase hex characters
 * @param attributes the link attributes
 */
public record SpanLink(String traceId, String spanId, List<Attribute> attributes) {

	public SpanLink {
		attributes = List.copyOf(attributes);
	}

}
