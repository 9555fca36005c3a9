package dev.tracing.viewer.ingest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import dev.tracing.viewer.store.StoredSpan;
import dev.tracing.viewer.store.TraceSnapshot;
import dev.tracing.viewer.store.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP/HTTP ingestion over real HTTP, in both encodings.
 */
@ViewerIntegrationTest
class OtlpHttpIngestIntegrationTests {

	@LocalServerPort
	private int uiPort;

	@Autowired
	private ViewerClient client;

	@Autowired
	private OtlpHttpServer otlpHttpServer;

	@Autowired
	private TraceStore store;



	@Test
	void receiverListensOnItsOwnPort() {
		assertThat(this.otlpHttpServer.getPort()).isPositive().isNotEqualTo(this.uiPort);
		// The UI's port does not take spans, and the OTLP port serves nothing else
		HttpResponse<String> onUiPort = this.client.get("/v1/traces");
		assertThat(onUiPort.statusCode()).isEqualTo(404);
		HttpResponse<byte[]> onOtlpPort = this.client
			.send(java.net.http.HttpRequest.newBuilder(this.client.otlpUri("/api/services")).build());
		assertThat(onOtlpPort.statusCode()).isEqualTo(404);
	}

	@Test
	void storesProtobufSpansAndAnswersWithAProtobufResponse() throws Exception {
		String traceId = OtlpSpans.randomTraceId();
		Span root = span(traceId, "GET /checkout").kind(Span.SpanKind.SPAN_KIND_SERVER).build();

		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF,
				request(resourceSpans("checkout", root)).toByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
		ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
		assertThat(body.hasPartialSuccess()).isFalse();
		TraceSnapshot trace = this.store.find(traceId).orElseThrow();
		assertThat(trace.spans()).singleElement().satisfies((stored) -> {
			assertThat(stored.name()).isEqualTo("GET /checkout");
			assertThat(stored.serviceName()).isEqualTo("checkout");
			assertThat(stored.kind()).isEqualTo(StoredSpan.Kind.SERVER);
		});
	}

	@Test
	void storesTheSpecificationExampleJsonAndAnswersInJson() throws Exception {
		HttpResponse<byte[]> response = this.client.post("application/json; charset=utf-8",
				OtlpJsonTests.specExample().getBytes(StandardCharsets.UTF_8));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
		TraceSnapshot trace = this.store.find("5b8efff798038103d269b633813fc60c").orElseThrow();
		assertThat(trace.spans()).singleElement().satisfies((stored) -> {
			assertThat(stored.spanId()).isEqualTo("eee19b7ec3c1b174");
			assertThat(stored.parentSpanId()).isEqualTo("eee19b7ec3c1b173");
			assertThat(stored.name()).isEqualTo("I'm a server span");
			assertThat(stored.serviceName()).isEqualTo("my.service");
			assertThat(stored.startEpochNanos()).isEqualTo(1544712660000000000L);
			assertThat(stored.durationNanos()).isEqualTo(1_000_000_000L);
			assertThat(stored.scopeName()).isEqualTo("my.library");
		});
	}

	@Test
	void acceptsGzipBodiesInBothEncodings() throws Exception {
		String protobufTrace = OtlpSpans.randomTraceId();
		HttpResponse<byte[]> protobuf = this.client.postGzip(ViewerClient.PROTOBUF,
				request(resourceSpans("gzip-protobuf", span(protobufTrace, "zipped").build())).toByteArray());
		assertThat(protobuf.statusCode()).isEqualTo(200);
		assertThat(this.store.find(protobufTrace)).isPresent();

		String jsonTrace = OtlpSpans.randomTraceId();
		String json = """
				{"resourceSpans":[{"resource":{"attributes":[
				{"key":"service.name","value":{"stringValue":"gzip-json"}}]},
				"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"0102030405060708","name":"zipped json",
				"startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
				""".formatted(jsonTrace);
		HttpResponse<byte[]> jsonResponse = this.client.postGzip(ViewerClient.JSON,
				json.getBytes(StandardCharsets.UTF_8));
		assertThat(jsonResponse.statusCode()).isEqualTo(200);
		assertThat(this.store.find(jsonTrace).orElseThrow().spans()).extracting(StoredSpan::name)
			.containsExactly("zipped json");
	}

	@Test
	void answersPartialSuccessForSpansWithIdsOfTheWrongLength() throws Exception {
		String traceId = OtlpSpans.randomTraceId();
		Span good = span(traceId, "good").build();
		Span bad = span(traceId, "bad").build().toBuilder().setTraceId(OtlpSpans.bytes("0102030405060708")).build();

		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF,
				request(resourceSpans("partial", good, bad)).toByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
		assertThat(body.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
		assertThat(body.getPartialSuccess().getErrorMessage()).contains("span 'bad'", "trace id must be 16 bytes");
		assertThat(this.store.find(traceId).orElseThrow().spans()).extracting(StoredSpan::name)
			.containsExactly("good");
	}

	@Test
	void answersPartialSuccessInJsonForJsonRequests() {
		String json = """
				{"resourceSpans":[{"scopeSpans":[{"spans":[
				{"traceId":"%s","spanId":"0102030405060708","name":"ok"},
				{"traceId":"%s","spanId":"01020304","name":"short span id"}]}]}]}
				""".formatted(OtlpSpans.randomTraceId(), OtlpSpans.randomTraceId());
		HttpResponse<byte[]> response = this.client.post(ViewerClient.JSON, json.getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode partialSuccess = ViewerClient.json(new String(response.body(), StandardCharsets.UTF_8))
			.get("partialSuccess");
		assertThat(partialSuccess.get("rejectedSpans").asString()).isEqualTo("1");
		assertThat(partialSuccess.get("errorMessage").asString())
			.contains("span 'short span id': span id must be 8 bytes, was 4");
	}

}
