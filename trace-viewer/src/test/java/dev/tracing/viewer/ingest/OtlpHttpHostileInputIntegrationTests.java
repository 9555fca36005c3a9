package dev.tracing.viewer.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import dev.tracing.viewer.store.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken OTLP/HTTP input gets a 4xx, and the receiver keeps serving: after
 * each test a valid request must still be stored. The request size limit is 256KB in
 * these tests.
 */
@ViewerIntegrationTest
class OtlpHttpHostileInputIntegrationTests {

	private static final int LIMIT = 256 * 1024;

	@Autowired
	private ViewerClient client;

	@Autowired
	private OtlpHttpServer otlpHttpServer;

	@Autowired
	private TraceStore store;



	@AfterEach
	void receiverStillStoresValidRequests() {
		String traceId = OtlpSpans.randomTraceId();
		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF,
				request(resourceSpans("after-hostile", span(traceId, "still fine").build())).toByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.store.find(traceId)).isPresent();
	}

	@Test
	void garbageBytesAreBadRequestWithAProtobufStatus() throws Exception {
		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF,
				"this is not protobuf at all".getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
		Status status = Status.parseFrom(response.body());
		assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
		assertThat(status.getMessage()).startsWith("Malformed protobuf");
	}

	@Test
	void truncatedProtobufIsBadRequest() throws Exception {
		byte[] valid = request(resourceSpans("truncated",
				span(OtlpSpans.randomTraceId(), "cut short").attribute("k", "v".repeat(100)).build()))
			.toByteArray();
		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF,
				Arrays.copyOf(valid, valid.length / 2));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Status.parseFrom(response.body()).getMessage()).contains("truncated");
	}

	@Test
	void otherContentTypesAreUnsupportedMediaType() {
		HttpResponse<byte[]> text = this.client.post("text/plain", "hello".getBytes(StandardCharsets.UTF_8));
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(jsonStatus(text).get("message").asString()).contains("Unsupported content type 'text/plain'");
		HttpResponse<byte[]> none = this.client.post(HttpRequest.newBuilder(this.client.otlpUri("/v1/traces")),
				new byte[] { 1, 2, 3 });
		assertThat(none.statusCode()).isEqualTo(415);
	}

	@Test
	void otherContentEncodingsAreUnsupportedMediaType() throws Exception {
		HttpResponse<byte[]> response = this.client.post(HttpRequest.newBuilder(this.client.otlpUri("/v1/traces"))
			.header("Content-Type", ViewerClient.PROTOBUF)
			.header("Content-Encoding", "br"), new byte[] { 1, 2, 3 });
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(Status.parseFrom(response.body()).getMessage()).contains("Unsupported content encoding 'br'");
	}

	@Test
	void bodiesOverTheLimitArePayloadTooLarge() throws Exception {
		HttpResponse<byte[]> response = this.client.post(ViewerClient.PROTOBUF, new byte[LIMIT + 1]);
		assertThat(response.statusCode()).isEqualTo(413);
		Status status = Status.parseFrom(response.body());
		assertThat(status.getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
		assertThat(status.getMessage()).contains("exceeds the limit of " + LIMIT + " bytes");
	}

	@Test
	void chunkedBodiesOverTheLimitArePayloadTooLarge() {
		// No Content-Length: the limit is enforced while reading
		HttpRequest request = HttpRequest.newBuilder(this.client.otlpUri("/v1/traces"))
			.header("Content-Type", ViewerClient.JSON)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[LIMIT * 2])))
			.build();
		HttpResponse<byte[]> response = this.client.send(request);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(jsonStatus(response).get("code").asInt()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
	}

	@Test
	void gzipBodiesThatExpandOverTheLimitArePayloadTooLarge() throws Exception {
		byte[] bomb = ViewerClient.gzip(new byte[LIMIT * 40]);
		assertThat(bomb.length).isLessThan(LIMIT);
		HttpResponse<byte[]> response = this.client.post(HttpRequest.newBuilder(this.client.otlpUri("/v1/traces"))
			.header("Content-Type", ViewerClient.PROTOBUF)
			.header("Content-Encoding", "gzip"), bomb);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(Status.parseFrom(response.body()).getMessage()).startsWith("Decompressed request body exceeds");
	}

	@Test
	void brokenGzipIsBadRequest() throws Exception {
		HttpResponse<byte[]> response = this.client.post(HttpRequest.newBuilder(this.client.otlpUri("/v1/traces"))
			.header("Content-Type", ViewerClient.PROTOBUF)
			.header("Content-Encoding", "gzip"), "not gzip".getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Status.parseFrom(response.body()).getMessage()).startsWith("Malformed gzip body");
	}

	@Test
	void deeplyNestedJsonIsBadRequest() {
		String deep = "{\"resourceSpans\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
		HttpResponse<byte[]> response = this.client.post(ViewerClient.JSON, deep.getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(jsonStatus(response).get("message").asString()).startsWith("Malformed JSON")
			.contains("Nesting limit");
	}

	@Test
	void malformedJsonAndNonHexIdsAreBadRequest() {
		HttpResponse<byte[]> malformed = this.client.post(ViewerClient.JSON,
				"{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(jsonStatus(malformed).get("code").asInt()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
		String base64Ids = """
				{"resourceSpans":[{"scopeSpans":[{"spans":[
				{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ="}]}]}]}
				""";
		HttpResponse<byte[]> response = this.client.post(ViewerClient.JSON, base64Ids.getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(jsonStatus(response).get("message").asString()).contains("'traceId' must be a hex string");
	}

	@Test
	void otherMethodsAndPathsAreRejected() {
		HttpResponse<byte[]> get = this.client.send(HttpRequest.newBuilder(this.client.otlpUri("/v1/traces")).build());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
		HttpRequest.Builder metricsRequest = HttpRequest.newBuilder(this.client.otlpUri("/v1/metrics"))
			.header("Content-Type", ViewerClient.PROTOBUF);
		HttpResponse<byte[]> metrics = this.client.post(metricsRequest, new byte[0]);
		assertThat(metrics.statusCode()).isEqualTo(404);
	}

	@Test
	void somethingThatIsNotHttpDoesNotBreakTheReceiver() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.otlpHttpServer.getPort()), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(new byte[] { 0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x01, 0x00 });
			out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readNBytes(12);
			// Either a 400 or a closed connection: both fine, as long as the receiver lives on
			assertThat(new String(answer, StandardCharsets.US_ASCII)).isIn("", "HTTP/1.1 400");
		}
	}

	private static JsonNode jsonStatus(HttpResponse<byte[]> response) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		return ViewerClient.json(new String(response.body(), StandardCharsets.UTF_8));
	}

}
