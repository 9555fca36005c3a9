package dev.tracing.span;

import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Typed attribute values: numbers and booleans keep their type, everything else is recorded as text.
 */
final class SpanAttributes {

	private SpanAttributes() {
	}

	static void set(SpanBuilder builder, String key, @Nullable Object value) {
		if (value == null || key.isEmpty()) {
			return;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			builder.setAttribute(key, ((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			builder.setAttribute(key, ((Number) value).doubleValue());
		}
		else if (value instanceof Boolean bool) {
			builder.setAttribute(key, bool);
		}
		else {
			builder.setAttribute(key, value.toString());
		}
	}

}
