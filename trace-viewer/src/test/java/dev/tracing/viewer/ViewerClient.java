package dev.tracing.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running viewer over real HTTP on loopback.
 */
public final class ViewerClient {

	public static final String PROTOBUF = "application/x-protobuf";

	public static final String JSON = "application/json";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int uiPort;

	private final int otlpHttpPort;

	public ViewerClient(int uiPort, int otlpHttpPort) {
		this.uiPort = uiPort;
		this.otlpHttpPort = otlpHttpPort;
	}

	public HttpResponse<byte[]> export(ExportTraceServiceRequest request) {
		HttpResponse<byte[]> response = post(PROTOBUF, request.toByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Export failed with " + response.statusCode() + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		return response;
	}

	public HttpResponse<byte[]> post(String contentType, byte[] body) {
		return post(HttpRequest.newBuilder(otlpUri("/v1/traces")).header("Content-Type", contentType), body);
	}

	public HttpResponse<byte[]> postGzip(String contentType, byte[] body) {
		return post(HttpRequest.newBuilder(otlpUri("/v1/traces"))
			.header("Content-Type", contentType)
			.header("Content-Encoding", "gzip"), gzip(body));
	}

	public HttpResponse<byte[]> post(HttpRequest.Builder request, byte[] body) {
		return send(request.timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
	}

	public HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public URI otlpUri(String path) {
		return URI.create("http://127.0.0.1:" + this.otlpHttpPort + path);
	}

	public URI uiUri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.uiPort + pathAndQuery);
	}

	public HttpResponse<String> get(String pathAndQuery) {
		try {
			return this.http.send(HttpRequest.newBuilder(uiUri(pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * GET from the query API, expecting 200, and return the parsed JSON.
	 */
	public JsonNode getJson(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
					+ response.body());
		}
		return json(response.body());
	}

	public static JsonNode json(String text) {
		return MAPPER.readTree(text);
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	public static byte[] gzip(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
