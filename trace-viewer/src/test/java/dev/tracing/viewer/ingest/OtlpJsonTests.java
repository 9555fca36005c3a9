package dev.tracing.viewer.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static dev.tracing.viewer.OtlpSpans.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OtlpJson}.
 */
class OtlpJsonTests {

	/** The example payload of the OTLP specification (opentelemetry-proto examples/trace.json). */
	static String specExample() throws IOException {
		try (InputStream in = OtlpJsonTests.class.getResourceAsStream("/otlp/spec-example-trace.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void parsesTheSpecificationExampleWithHexIds() throws Exception {
		ExportTraceServiceRequest request = OtlpJson.parseRequest(specExample());
		assertThat(request.getResourceSpansCount()).isEqualTo(1);
		assertThat(request.getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue())
			.isEqualTo("my.service");
		Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
		assertThat(span.getTraceId()).isEqualTo(bytes("5b8efff798038103d269b633813fc60c"));
		assertThat(span.getSpanId()).isEqualTo(bytes("eee19b7ec3c1b174"));
		assertThat(span.getParentSpanId()).isEqualTo(bytes("eee19b7ec3c1b173"));
		assertThat(span.getName()).isEqualTo("I'm a server span");
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		// Above 2^53: must not lose precision on the way through the JSON tree
		assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
		assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
		assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("1.0.0");
	}

	@Test
	void convertsLinkIdsAndAcceptsProtoFieldNamesAndStringNumbers() throws Exception {
		String json = """
				{"resource_spans":[{"scope_spans":[{"spans":[{
				  "trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"1112131415161718",
				  "startTimeUnixNano":"1700000000000000001","kind":"SPAN_KIND_CLIENT","unknownField":{"x":1},
				  "links":[{"traceId":"a1a2a3a4a5a6a7a8a9aaabacadaeafb0","spanId":"b1b2b3b4b5b6b7b8"}]}]}]}]}
				""";
		Span span = OtlpJson.parseRequest(json).getResourceSpans(0).getScopeSpans(0).getSpans(0);
		assertThat(span.getTraceId()).isEqualTo(bytes("0102030405060708090a0b0c0d0e0f10"));
		assertThat(span.getSpanId()).isEqualTo(bytes("1112131415161718"));
		assertThat(span.getStartTimeUnixNano()).isEqualTo(1700000000000000001L);
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.getLinks(0).getTraceId()).isEqualTo(bytes("a1a2a3a4a5a6a7a8a9aaabacadaeafb0"));
		assertThat(span.getLinks(0).getSpanId()).isEqualTo(bytes("b1b2b3b4b5b6b7b8"));
	}

	@Test
	void keepsIdsOfTheWrongLengthForTheReceiverToReject() throws Exception {
		String json = """
				{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102","spanId":"","name":"short"}]}]}]}
				""";
		Span span = OtlpJson.parseRequest(json).getResourceSpans(0).getScopeSpans(0).getSpans(0);
		assertThat(span.getTraceId()).isEqualTo(bytes("0102"));
		assertThat(span.getSpanId()).isEqualTo(ByteString.EMPTY);
	}

	@Test
	void rejectsIdsThatAreNotHex() {
		// Base64, as the plain proto3 JSON mapping would have it, is not OTLP/JSON
		String json = """
				{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AQIDBAUGBwgJCgsMDQ4PEA=="}]}]}]}
				""";
		assertThatExceptionOfType(InvalidOtlpRequestException.class).isThrownBy(() -> OtlpJson.parseRequest(json))
			.withMessageContaining("'traceId' must be a hex string");
	}

	@Test
	void rejectsMalformedAndHostileJson() {
		assertThatExceptionOfType(InvalidOtlpRequestException.class)
			.isThrownBy(() -> OtlpJson.parseRequest("{\"resourceSpans\":[{"))
			.withMessageStartingWith("Malformed JSON");
		assertThatExceptionOfType(InvalidOtlpRequestException.class).isThrownBy(() -> OtlpJson.parseRequest("[]"))
			.withMessageContaining("expected an ExportTraceServiceRequest object");
		assertThatExceptionOfType(InvalidOtlpRequestException.class)
			.isThrownBy(() -> OtlpJson.parseRequest("{\"resourceSpans\":\"nope\"}"))
			.withMessageStartingWith("Malformed OTLP/JSON");
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		assertThatExceptionOfType(InvalidOtlpRequestException.class)
			.isThrownBy(() -> OtlpJson.parseRequest("{\"resourceSpans\":" + deep + "}"))
			.withMessageContaining("Nesting limit");
		// Within the JSON nesting limit, but past protobuf's recursion limit: kvlist in kvlist...
		String nestedValue = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(55) + "{}"
				+ "}]}}".repeat(55);
		String nestedAttribute = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
				+ nestedValue + "}]}}]}";
		assertThatExceptionOfType(InvalidOtlpRequestException.class)
			.isThrownBy(() -> OtlpJson.parseRequest(nestedAttribute))
			.withMessageStartingWith("Malformed OTLP/JSON")
			.withMessageContaining("recursion limit");
	}

	@Test
	void printsResponsesInTheJsonMapping() {
		ExportTraceServiceResponse response = ExportTraceServiceResponse.newBuilder()
			.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("bad ids"))
			.build();
		assertThat(OtlpJson.print(response))
			.isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"bad ids\"}}");
		assertThat(OtlpJson.print(ExportTraceServiceResponse.getDefaultInstance())).isEqualTo("{}");
	}

}
