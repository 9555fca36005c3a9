package dev.tracing.viewer.store;

import java.util.List;

/**
 * The resource (process) that produced spans.
 *
 * @param serviceName the value of {@code service.name}
 * @param attributes all resource attributes, {@code service.name} included
 */
public record SpanResource(String serviceName, List<Attribute> attributes) {

	public SpanResource {
		attributes = List.copyOf(attributes);
	}

}
