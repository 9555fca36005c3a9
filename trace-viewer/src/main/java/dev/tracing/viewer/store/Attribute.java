package dev.tracing.viewer.store;

/**
 * A typed key-value pair of a span, event, link or resource. Arrays and maps are
 * kept as their JSON text with type {@link Type#STRING}, as Jaeger shows them.
 *
 * @param key the attribute key
 * @param type the value type
 * @param value the value: a {@link String}, {@link Boolean}, {@link Long} or
 * {@link Double} (binary values as Base64 text)
 */
public record Attribute(String key, Type type, Object value) {

	public static Attribute ofString(String key, String value) {
		return new Attribute(key, Type.STRING, value);
	}

	public static Attribute ofBoolean(String key, boolean value) {
		return new Attribute(key, Type.BOOL, value);
	}

	public static Attribute ofLong(String key, long value) {
		return new Attribute(key, Type.INT64, value);
	}

	public static Attribute ofDouble(String key, double value) {
		return new Attribute(key, Type.FLOAT64, value);
	}

	/**
	 * Return the value as text, the form tag filters compare against.
	 * @return the value as text
	 */
	public String valueAsString() {
		if (this.value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
			// "2", not "2.0", so a tag filter written by hand matches
			return Long.toString(number.longValue());
		}
		return String.valueOf(this.value);
	}

	/**
	 * Value types, named as in Jaeger's JSON.
	 */
	public enum Type {

		STRING("string"), BOOL("bool"), INT64("int64"), FLOAT64("float64"), BINARY("binary");

		private final String jaegerName;

		Type(String jaegerName) {
			this.jaegerName = jaegerName;
		}

		public String jaegerName() {
			return this.jaegerName;
		}

	}

}
