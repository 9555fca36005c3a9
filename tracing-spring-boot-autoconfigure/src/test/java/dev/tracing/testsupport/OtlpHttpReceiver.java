package dev.tracing.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OTLP/HTTP receiver on loopback: records each request (path, headers, raw body) and decodes the protobuf
 * body with the OTLP protobuf classes. As a test's {@code @RegisterExtension} instance field, it is closed after each
 * test.
 */
public final class OtlpHttpReceiver implements AutoCloseable, AfterEachCallback {

	private final HttpServer server;

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private OtlpHttpReceiver(HttpServer server) {
		this.server = server;
	}

	public static OtlpHttpReceiver start() {
		try {
			return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static OtlpHttpReceiver startHttps(SSLContext sslContext) throws IOException {
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
		return start(server);
	}

	private static OtlpHttpReceiver start(HttpServer server) {
		OtlpHttpReceiver receiver = new OtlpHttpReceiver(server);
		server.createContext("/", receiver::handle);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.start();
		return receiver;
	}

	public String baseUrl() {
		String scheme = (this.server instanceof HttpsServer) ? "https" : "http";
		return scheme + "://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The properties that make the starter export here, in batches sent every 50 ms.
	 * @return {@code key=value} pairs for a context runner or a test's properties
	 */
	public String[] exportProperties() {
		return new String[] { "tracing.export.otlp.endpoint=" + baseUrl(), "tracing.export.batch.schedule-delay=50ms" };
	}

	public List<Received> requests() {
		return List.copyOf(this.requests);
	}

	public ReceivedSpans spans() {
		return ReceivedSpans.of(this.requests.stream().map(Received::request).toList());
	}

	public ReceivedSpans awaitSpans(int count) {
		return awaitSpans(count, Duration.ofSeconds(10));
	}

	public ReceivedSpans awaitSpans(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (spans().size() < count && System.nanoTime() < deadline) {
			sleep(20);
		}
		ReceivedSpans spans = spans();
		if (spans.size() < count) {
			throw new AssertionError("Expected " + count + " spans within " + timeout + " but received "
					+ spans.size() + ": " + spans.names());
		}
		return spans;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw = exchange.getRequestBody().readAllBytes();
			boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
			byte[] body = gzip ? gunzip(raw) : raw;
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			this.requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					Map.copyOf(exchange.getRequestHeaders()), raw, request));
			byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, response.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
	}

	private static byte[] gunzip(byte[] raw) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
			return in.readAllBytes();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

	/**
	 * One export request as it arrived.
	 */
	public record Received(String method, String path, Map<String, List<String>> headers, byte[] rawBody,
			ExportTraceServiceRequest request) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
