package dev.tracing.viewer.ingest;

import java.util.List;

import com.google.protobuf.ByteString;
import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.store.Attribute;
import dev.tracing.viewer.store.StoredSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static dev.tracing.viewer.OtlpSpans.attribute;
import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpSpanConverter}.
 */
class OtlpSpanConverterTests {

	private final OtlpSpanConverter converter = new OtlpSpanConverter();

	@Test
	void convertsAllSpanFields() {
		String traceId = OtlpSpans.randomTraceId();
		Span span = span(traceId, "GET /checkout").id("0000000000000abc")
			.parent("0000000000000def")
			.kind(Span.SpanKind.SPAN_KIND_CLIENT)
			.startNanos(1_000_000_000L)
			.durationMillis(2.5)
			.attribute("http.route", "/checkout")
			.attribute("http.status_code", 500)
			.attribute(attribute("tags", AnyValue.newBuilder()
				.setArrayValue(ArrayValue.newBuilder()
					.addValues(AnyValue.newBuilder().setStringValue("a"))
					.addValues(AnyValue.newBuilder().setIntValue(2)))
				.build()))
			.attribute(attribute("map", AnyValue.newBuilder()
				.setKvlistValue(KeyValueList.newBuilder().addValues(attribute("k", "v")))
				.build()))
			.attribute(attribute("ratio", AnyValue.newBuilder().setDoubleValue(0.5).build()))
			.attribute(attribute("cached", AnyValue.newBuilder().setBoolValue(true).build()))
			.attribute(attribute("raw",
					AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] { 1, 2 })).build()))
			.error("boom")
			.exception("java.lang.IllegalStateException", "boom", "java.lang.IllegalStateException: boom\n\tat x.y")
			.build();
		ExportTraceServiceRequest request = request(
				resourceSpans("checkout", List.of(attribute("host.name", "laptop")), span));

		OtlpSpanConverter.Conversion conversion = this.converter.convert(request);

		assertThat(conversion.rejectedSpans()).isZero();
		assertThat(conversion.errorMessage()).isEmpty();
		StoredSpan stored = conversion.spans().get(0);
		assertThat(stored.traceId()).isEqualTo(traceId);
		assertThat(stored.spanId()).isEqualTo("0000000000000abc");
		assertThat(stored.parentSpanId()).isEqualTo("0000000000000def");
		assertThat(stored.kind()).isEqualTo(StoredSpan.Kind.CLIENT);
		assertThat(stored.startEpochNanos()).isEqualTo(1_000_000_000L);
		assertThat(stored.durationNanos()).isEqualTo(2_500_000L);
		assertThat(stored.statusCode()).isEqualTo(StoredSpan.StatusCode.ERROR);
		assertThat(stored.statusMessage()).isEqualTo("boom");
		assertThat(stored.scopeName()).isEqualTo("test-scope");
		assertThat(stored.scopeVersion()).isEqualTo("1.2.3");
		assertThat(stored.serviceName()).isEqualTo("checkout");
		assertThat(stored.resource().attributes()).containsExactly(Attribute.ofString("service.name", "checkout"),
				Attribute.ofString("host.name", "laptop"));
		assertThat(stored.attributes()).containsExactly(Attribute.ofString("http.route", "/checkout"),
				Attribute.ofLong("http.status_code", 500), Attribute.ofString("tags", "[\"a\",2]"),
				Attribute.ofString("map", "{\"k\":\"v\"}"), Attribute.ofDouble("ratio", 0.5),
				Attribute.ofBoolean("cached", true), new Attribute("raw", Attribute.Type.BINARY, "AQI="));
		assertThat(stored.events()).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("exception");
			assertThat(event.attributes()).contains(
					Attribute.ofString("exception.stacktrace", "java.lang.IllegalStateException: boom\n\tat x.y"));
		});
	}

	@Test
	void rejectsSpansWithIdsOfTheWrongLengthAndKeepsTheOthers() {
		String traceId = OtlpSpans.randomTraceId();
		Span good = span(traceId, "good").build();
		Span shortTraceId = span(traceId, "short-trace").build()
			.toBuilder()
			.setTraceId(OtlpSpans.bytes("0102"))
			.build();
		Span zeroSpanId = span(traceId, "zero-span").id("0000000000000000").build();
		Span longParent = span(traceId, "long-parent").build().toBuilder()
			.setParentSpanId(OtlpSpans.bytes("010203040506070809"))
			.build();

		OtlpSpanConverter.Conversion conversion = this.converter
			.convert(request(resourceSpans("svc", good, shortTraceId, zeroSpanId, longParent)));

		assertThat(conversion.spans()).extracting(StoredSpan::name).containsExactly("good");
		assertThat(conversion.rejectedSpans()).isEqualTo(3);
		assertThat(conversion.errorMessage())
			.isEqualTo("3 span(s) rejected, first: span 'short-trace': trace id must be 16 bytes, was 2");
	}

	@Test
	void aResourceWithoutServiceNameIsTheUnknownService() {
		Span span = span(OtlpSpans.randomTraceId(), "op").build();
		ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
			.build();
		assertThat(this.converter.convert(request).spans()).singleElement()
			.satisfies((stored) -> assertThat(stored.serviceName()).isEqualTo("unknown_service"));
	}

	@Test
	void anEndBeforeTheStartIsAZeroDuration() {
		Span span = span(OtlpSpans.randomTraceId(), "op").build().toBuilder().setEndTimeUnixNano(1).build();
		StoredSpan stored = this.converter.convert(request(resourceSpans("svc", span))).spans().get(0);
		assertThat(stored.durationNanos()).isZero();
	}

}
