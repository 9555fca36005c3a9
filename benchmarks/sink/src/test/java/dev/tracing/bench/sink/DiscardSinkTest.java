package dev.tracing.bench.sink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscardSinkTest {

	private static final ByteString TRACE = ByteString.copyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
			13, 14, 15, 16 });

	@Test
	void countsSpansOfEveryExportAndGroupsThemByRoot() throws Exception {
		try (DiscardSink sink = new DiscardSink(0)) {
			HttpClient client = HttpClient.newHttpClient();
			String base = "http://127.0.0.1:" + sink.port();
			client.send(HttpRequest.newBuilder(URI.create(base + "/detail")).POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(ResourceSpans.newBuilder()
					.setResource(Resource.newBuilder()
						.addAttributes(KeyValue.newBuilder().setKey("service.name")
							.setValue(AnyValue.newBuilder().setStringValue("bench-V1"))))
					.addScopeSpans(ScopeSpans.newBuilder()
						.addSpans(span("GET /chain", ByteString.EMPTY, Span.SpanKind.SPAN_KIND_SERVER))
						.addSpans(span("GET", bytes(1), Span.SpanKind.SPAN_KIND_CLIENT)))
					.addScopeSpans(ScopeSpans.newBuilder()
						.addSpans(span("GET /hello", bytes(2), Span.SpanKind.SPAN_KIND_SERVER))))
				.build();

			HttpResponse<byte[]> response = client.send(
					HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
						.header("Content-Type", "application/x-protobuf")
						.POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEmpty();
			assertThat(sink.spans()).isEqualTo(3);
			assertThat(sink.detailJson()).contains(
					"\"bench-V1 | GET /chain\":{\"traces\":1,\"spans\":3,\"spansPerTrace\":{\"3\":1},\"kinds\":{\"CLIENT\":1,\"SERVER\":2}}");
			HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(stats.body()).startsWith("{\"spans\":3,\"traceRequests\":1,").endsWith("\"services\":{\"bench-V1\":3}}");
		}
	}

	@Test
	void rejectsWhatIsNotProtobuf() throws Exception {
		try (DiscardSink sink = new DiscardSink(0)) {
			HttpResponse<String> response = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/v1/traces"))
						.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { (byte) 0xff, 0x01 }))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(sink.spans()).isZero();
		}
	}

	private static Span span(String name, ByteString parent, Span.SpanKind kind) {
		return Span.newBuilder().setTraceId(TRACE).setSpanId(bytes(name.length())).setParentSpanId(parent)
			.setName(name).setKind(kind).build();
	}

	private static ByteString bytes(int seed) {
		return ByteString.copyFrom(new byte[] { (byte) seed, 0, 0, 0, 0, 0, 0, 1 });
	}

}
