package dev.tracing.span;

import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Typed attribute values: numbers and booleans keep their type, everything else is recorded as text.
 * <p>
 * The text of an application's object is its {@code toString()}, which tracing must survive: one that throws (or
 * overflows the stack on a structure that contains itself) is recorded as a placeholder naming the failure, and a
 * very long one is cut to {@value #MAX_TEXT_LENGTH} characters. The traced method runs on either way.
 */
final class SpanAttributes {

	static final int MAX_TEXT_LENGTH = 4096;

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
			builder.setAttribute(key, text(value));
		}
	}

	/**
	 * The text of an object, whatever its {@code toString()} does.
	 * @param value the object
	 * @return its text, cut to {@value #MAX_TEXT_LENGTH} characters, or a placeholder when it cannot be had
	 */
	static String text(Object value) {
		String text;
		try {
			text = value.toString();
		}
		catch (RuntimeException | StackOverflowError | LinkageError ex) {
			return "<" + value.getClass().getName() + ".toString() threw " + ex.getClass().getName() + ">";
		}
		if (text == null) {
			return "null";
		}
		if (text.length() <= MAX_TEXT_LENGTH) {
			return text;
		}
		return text.substring(0, MAX_TEXT_LENGTH) + "…(" + (text.length() - MAX_TEXT_LENGTH) + " more characters)";
	}

}
