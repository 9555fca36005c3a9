package dev.tracing.viewer.ingest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import dev.tracing.viewer.store.Attribute;
import dev.tracing.viewer.store.SpanEvent;
import dev.tracing.viewer.store.SpanLink;
import dev.tracing.viewer.store.SpanResource;
import dev.tracing.viewer.store.StoredSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.jspecify.annotations.Nullable;

/**
 * Converts OTLP export requests into {@link StoredSpan stored spans}, rejecting spans
 * whose ids the specification does not allow.
 */
final class OtlpSpanConverter {

	static final String UNKNOWN_SERVICE = "unknown_service";

	private static final HexFormat HEX = HexFormat.of();

	private static final int TRACE_ID_BYTES = 16;

	private static final int SPAN_ID_BYTES = 8;

	private static final StoredSpan.Kind[] KINDS = StoredSpan.Kind.values();

	Conversion convert(ExportTraceServiceRequest request) {
		List<StoredSpan> accepted = new ArrayList<>();
		int rejected = 0;
		String firstProblem = "";
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			SpanResource resource = toResource(resourceSpans.getResource());
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				String scopeName = scopeSpans.getScope().getName();
				String scopeVersion = scopeSpans.getScope().getVersion();
				for (Span span : scopeSpans.getSpansList()) {
					String problem = validate(span);
					if (problem != null) {
						rejected++;
						firstProblem = (rejected == 1) ? problem : firstProblem;
						continue;
					}
					accepted.add(toStoredSpan(span, scopeName, scopeVersion, resource));
				}
			}
		}
		String message = (rejected > 0) ? rejected + " span(s) rejected, first: " + firstProblem : "";
		return new Conversion(accepted, rejected, message);
	}

	private static @Nullable String validate(Span span) {
		String traceIdProblem = idProblem("trace id", span.getTraceId(), TRACE_ID_BYTES);
		if (traceIdProblem != null) {
			return "span '" + span.getName() + "': " + traceIdProblem;
		}
		String spanIdProblem = idProblem("span id", span.getSpanId(), SPAN_ID_BYTES);
		if (spanIdProblem != null) {
			return "span '" + span.getName() + "': " + spanIdProblem;
		}
		ByteString parent = span.getParentSpanId();
		if (!parent.isEmpty() && parent.size() != SPAN_ID_BYTES) {
			return "span '" + span.getName() + "': parent span id must be empty or " + SPAN_ID_BYTES
					+ " bytes, was " + parent.size();
		}
		return null;
	}

	private static @Nullable String idProblem(String what, ByteString id, int length) {
		if (id.size() != length) {
			return what + " must be " + length + " bytes, was " + id.size();
		}
		if (isAllZero(id)) {
			return what + " must not be all zeros";
		}
		return null;
	}

	private static boolean isAllZero(ByteString bytes) {
		for (int i = 0; i < bytes.size(); i++) {
			if (bytes.byteAt(i) != 0) {
				return false;
			}
		}
		return true;
	}

	private static SpanResource toResource(Resource resource) {
		List<Attribute> attributes = toAttributes(resource.getAttributesList());
		String serviceName = UNKNOWN_SERVICE;
		for (Attribute attribute : attributes) {
			if ("service.name".equals(attribute.key()) && !attribute.valueAsString().isEmpty()) {
				serviceName = attribute.valueAsString();
			}
		}
		return new SpanResource(serviceName, attributes);
	}

	private static StoredSpan toStoredSpan(Span span, String scopeName, String scopeVersion, SpanResource resource) {
		ByteString parent = span.getParentSpanId();
		String parentSpanId = (parent.isEmpty() || isAllZero(parent)) ? null : hex(parent);
		List<SpanEvent> events = new ArrayList<>(span.getEventsCount());
		for (Span.Event event : span.getEventsList()) {
			events.add(new SpanEvent(event.getTimeUnixNano(), event.getName(),
					toAttributes(event.getAttributesList())));
		}
		List<SpanLink> links = new ArrayList<>(span.getLinksCount());
		for (Span.Link link : span.getLinksList()) {
			links.add(new SpanLink(hex(link.getTraceId()), hex(link.getSpanId()),
					toAttributes(link.getAttributesList())));
		}
		return new StoredSpan(hex(span.getTraceId()), hex(span.getSpanId()), parentSpanId, span.getName(),
				toKind(span.getKindValue()), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
				toAttributes(span.getAttributesList()), events, links, toStatusCode(span.getStatus().getCodeValue()),
				span.getStatus().getMessage(), scopeName, scopeVersion, resource);
	}

	private static StoredSpan.Kind toKind(int value) {
		return (value > 0 && value < KINDS.length) ? KINDS[value] : StoredSpan.Kind.UNSPECIFIED;
	}

	private static StoredSpan.StatusCode toStatusCode(int value) {
		return switch (value) {
			case 1 -> StoredSpan.StatusCode.OK;
			case 2 -> StoredSpan.StatusCode.ERROR;
			default -> StoredSpan.StatusCode.UNSET;
		};
	}

	private static String hex(ByteString bytes) {
		return HEX.formatHex(bytes.toByteArray());
	}

	private static String base64(ByteString bytes) {
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

	private static List<Attribute> toAttributes(List<KeyValue> keyValues) {
		List<Attribute> attributes = new ArrayList<>(keyValues.size());
		for (KeyValue keyValue : keyValues) {
			attributes.add(toAttribute(keyValue.getKey(), keyValue.getValue()));
		}
		return attributes;
	}

	private static Attribute toAttribute(String key, AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> Attribute.ofString(key, value.getStringValue());
			case BOOL_VALUE -> Attribute.ofBoolean(key, value.getBoolValue());
			case INT_VALUE -> Attribute.ofLong(key, value.getIntValue());
			case DOUBLE_VALUE -> Attribute.ofDouble(key, value.getDoubleValue());
			case BYTES_VALUE -> new Attribute(key, Attribute.Type.BINARY, base64(value.getBytesValue()));
			// Jaeger has no structured values: show them as JSON, as its OTLP translator does
			case ARRAY_VALUE, KVLIST_VALUE -> Attribute.ofString(key, toJson(value).toString());
			case VALUE_NOT_SET -> Attribute.ofString(key, "");
		};
	}

	private static JsonElement toJson(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> new JsonPrimitive(value.getStringValue());
			case BOOL_VALUE -> new JsonPrimitive(value.getBoolValue());
			case INT_VALUE -> new JsonPrimitive(value.getIntValue());
			case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? new JsonPrimitive(value.getDoubleValue())
					: new JsonPrimitive(Double.toString(value.getDoubleValue()));
			case BYTES_VALUE -> new JsonPrimitive(base64(value.getBytesValue()));
			case ARRAY_VALUE -> {
				JsonArray array = new JsonArray();
				value.getArrayValue().getValuesList().forEach((element) -> array.add(toJson(element)));
				yield array;
			}
			case KVLIST_VALUE -> {
				JsonObject object = new JsonObject();
				for (KeyValue entry : value.getKvlistValue().getValuesList()) {
					object.add(entry.getKey(), toJson(entry.getValue()));
				}
				yield object;
			}
			case VALUE_NOT_SET -> JsonNull.INSTANCE;
		};
	}

	/**
	 * The outcome of converting one export request.
	 *
	 * @param spans the accepted spans
	 * @param rejectedSpans the number of rejected spans
	 * @param errorMessage why spans were rejected, empty if none was
	 */
	record Conversion(List<StoredSpan> spans, int rejectedSpans, String errorMessage) {

	}

}
