package dev.tracing.testsupport;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Spans decoded from OTLP export requests, each with the resource it was exported under.
 */
public record ReceivedSpans(List<ReceivedSpan> all) {

	static ReceivedSpans of(List<ExportTraceServiceRequest> requests) {
		List<ReceivedSpan> spans = new ArrayList<>();
		for (ExportTraceServiceRequest request : requests) {
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						spans.add(new ReceivedSpan(span, resourceSpans.getResource(),
								scopeSpans.getScope().getName()));
					}
				}
			}
		}
		return new ReceivedSpans(List.copyOf(spans));
	}

	public int size() {
		return this.all.size();
	}

	public List<String> names() {
		return this.all.stream().map(ReceivedSpan::name).toList();
	}

	/**
	 * The spans of one trace.
	 * @param traceId the trace id, in hex
	 * @return its spans
	 */
	public ReceivedSpans trace(String traceId) {
		return new ReceivedSpans(this.all.stream().filter((span) -> span.traceId().equals(traceId)).toList());
	}

	public List<ReceivedSpan> allNamed(String name) {
		return this.all.stream().filter((span) -> span.name().equals(name)).toList();
	}

	/**
	 * The one span of that name, failing when there is none or more than one.
	 * @param name the span name
	 * @return the span
	 */
	public ReceivedSpan only(String name) {
		List<ReceivedSpan> matching = allNamed(name);
		if (matching.size() != 1) {
			throw new AssertionError(
					"Expected one span named '" + name + "', found " + matching.size() + " among " + names());
		}
		return matching.get(0);
	}

	public ReceivedSpan named(String name) {
		return this.all.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span named '" + name + "' among " + names()));
	}

	/**
	 * One exported span.
	 */
	public record ReceivedSpan(Span span, Resource resource, String scope) {

		public String name() {
			return this.span.getName();
		}

		public String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return hex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

		public Map<String, String> attributes() {
			return toMap(this.span.getAttributesList());
		}

		public Map<String, String> resourceAttributes() {
			return toMap(this.resource.getAttributesList());
		}

		private static Map<String, String> toMap(List<KeyValue> keyValues) {
			return keyValues.stream().collect(Collectors.toMap(KeyValue::getKey, (kv) -> text(kv.getValue()),
					(a, b) -> b, java.util.LinkedHashMap::new));
		}

		private static String text(AnyValue value) {
			return switch (value.getValueCase()) {
				case STRING_VALUE -> value.getStringValue();
				case INT_VALUE -> Long.toString(value.getIntValue());
				case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
				case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
				default -> value.toString();
			};
		}

		private static String hex(byte[] bytes) {
			return HexFormat.of().formatHex(bytes);
		}

	}

}
