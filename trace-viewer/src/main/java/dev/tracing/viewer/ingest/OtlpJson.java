package dev.tracing.viewer.ingest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/JSON encoding: the proto3 JSON mapping except that trace and span ids are
 * hex strings instead of Base64. {@link JsonFormat} only knows Base64, so ids are
 * rewritten in the parsed JSON tree before it is handed over.
 */
final class OtlpJson {

	private static final List<String> SPAN_ID_FIELDS = List.of("traceId", "trace_id", "spanId", "span_id",
			"parentSpanId", "parent_span_id");

	private static final List<String> LINK_ID_FIELDS = List.of("traceId", "trace_id", "spanId", "span_id");

	// Unknown fields must be ignored so newer senders keep working (OTLP specification)
	private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

	private OtlpJson() {
	}

	static ExportTraceServiceRequest parseRequest(String json) throws InvalidOtlpRequestException {
		JsonElement root;
		try {
			// Gson limits nesting depth, so deeply nested input fails here, not with a stack overflow
			root = JsonParser.parseString(json);
		}
		catch (JsonParseException ex) {
			throw new InvalidOtlpRequestException("Malformed JSON: " + rootMessage(ex), ex);
		}
		if (!root.isJsonObject()) {
			throw new InvalidOtlpRequestException("Malformed OTLP/JSON: expected an ExportTraceServiceRequest object");
		}
		hexIdsToBase64(root.getAsJsonObject());
		ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
		try {
			PARSER.merge(root.toString(), request);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			throw new InvalidOtlpRequestException("Malformed OTLP/JSON: " + rootMessage(ex), ex);
		}
		return request.build();
	}

	static String print(MessageOrBuilder message) {
		try {
			return PRINTER.print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			// Only messages with Any fields of unknown types fail, and these have none
			throw new IllegalStateException(ex);
		}
	}

	private static void hexIdsToBase64(JsonObject request) throws InvalidOtlpRequestException {
		for (JsonObject resourceSpans : objects(request, "resourceSpans", "resource_spans")) {
			for (JsonObject scopeSpans : objects(resourceSpans, "scopeSpans", "scope_spans")) {
				for (JsonObject span : objects(scopeSpans, "spans", "spans")) {
					convertIds(span, SPAN_ID_FIELDS);
					for (JsonObject link : objects(span, "links", "links")) {
						convertIds(link, LINK_ID_FIELDS);
					}
				}
			}
		}
	}

	/**
	 * Return the objects of an array member, skipping anything of another shape:
	 * {@link JsonFormat} reports those with a better message than we could.
	 */
	private static List<JsonObject> objects(JsonObject parent, String name, String protoName) {
		JsonElement member = parent.has(name) ? parent.get(name) : parent.get(protoName);
		if (member == null || !member.isJsonArray()) {
			return List.of();
		}
		return member.getAsJsonArray()
			.asList()
			.stream()
			.filter(JsonElement::isJsonObject)
			.map(JsonElement::getAsJsonObject)
			.toList();
	}

	private static void convertIds(JsonObject object, List<String> fields) throws InvalidOtlpRequestException {
		for (String field : fields) {
			JsonElement value = object.get(field);
			if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
				object.addProperty(field, hexToBase64(field, value.getAsString()));
			}
		}
	}

	private static String hexToBase64(String field, String hex) throws InvalidOtlpRequestException {
		try {
			return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOtlpRequestException(
					"Malformed OTLP/JSON: '" + field + "' must be a hex string, was '" + abbreviate(hex, 40) + "'");
		}
	}

	private static String abbreviate(String text, int maxLength) {
		return (text.length() <= maxLength) ? text : text.substring(0, maxLength) + "...";
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		@Nullable String message = cause.getMessage();
		return (message != null) ? abbreviate(message.replaceAll("\\s+", " "), 300) : cause.getClass().getSimpleName();
	}

}
