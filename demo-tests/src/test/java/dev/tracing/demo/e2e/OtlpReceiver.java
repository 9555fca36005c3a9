package dev.tracing.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * An OTLP/HTTP receiver on loopback, as a collector would be: decodes every {@code POST /v1/traces} body with the
 * OTLP protobuf classes and keeps each span with its resource.
 */
final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final List<String> paths = new CopyOnWriteArrayList<>();

	OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<String> paths() {
		return List.copyOf(this.paths);
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	/**
	 * Waits for the trace holding a span that matches {@code anchor} to be complete.
	 * @param anchor identifies one span of the trace, such as {@code process_payment} of a given user
	 * @param complete says when all the spans of the trace have arrived
	 * @param timeout how long to wait
	 * @return the spans of the trace
	 */
	List<ReceivedSpan> awaitTrace(Predicate<ReceivedSpan> anchor, Predicate<List<ReceivedSpan>> complete,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ReceivedSpan> trace = List.of();
		while (System.nanoTime() < deadline) {
			Optional<ReceivedSpan> found = this.spans.stream().filter(anchor).reduce((first, second) -> second);
			if (found.isPresent()) {
				trace = trace(found.get().traceId());
				if (complete.test(trace)) {
					return trace;
				}
			}
			sleep(50);
		}
		throw new AssertionError("No complete trace within " + timeout + "; spans of the candidate trace: "
				+ trace.stream().map(ReceivedSpan::toString).toList());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
					? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
		}
		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					this.spans.add(new ReceivedSpan(span, resourceSpans.getResource(),
							scopeSpans.getScope().getName()));
				}
			}
		}
		byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, response.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(response);
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

	/**
	 * One exported span, with the resource and the instrumentation scope it was exported with.
	 * @param span the span
	 * @param resource its resource
	 * @param scope its instrumentation scope's name
	 */
	record ReceivedSpan(Span span, Resource resource, String scope) {

		private static final HexFormat HEX = HexFormat.of();

		String name() {
			return this.span.getName();
		}

		String traceId() {
			return HEX.formatHex(this.span.getTraceId().toByteArray());
		}

		String spanId() {
			return HEX.formatHex(this.span.getSpanId().toByteArray());
		}

		String parentSpanId() {
			return HEX.formatHex(this.span.getParentSpanId().toByteArray());
		}

		Span.SpanKind kind() {
			return this.span.getKind();
		}

		Status.StatusCode status() {
			return this.span.getStatus().getCode();
		}

		Duration duration() {
			return Duration.ofNanos(this.span.getEndTimeUnixNano() - this.span.getStartTimeUnixNano());
		}

		String service() {
			return resourceAttribute("service.name");
		}

		String resourceAttribute(String key) {
			return text(find(this.resource.getAttributesList(), key));
		}

		String attribute(String key) {
			return text(find(this.span.getAttributesList(), key));
		}

		Long longAttribute(String key) {
			AnyValue value = find(this.span.getAttributesList(), key);
			return (value != null && value.hasIntValue()) ? value.getIntValue() : null;
		}

		List<String> exceptionMessages() {
			List<String> messages = new ArrayList<>();
			for (Span.Event event : this.span.getEventsList()) {
				if (event.getName().equals("exception")) {
					messages.add(text(find(event.getAttributesList(), "exception.message")));
				}
			}
			return messages;
		}

		boolean isChildOf(ReceivedSpan parent) {
			return parentSpanId().equals(parent.spanId()) && traceId().equals(parent.traceId());
		}

		private static AnyValue find(List<KeyValue> attributes, String key) {
			return attributes.stream().filter((kv) -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst()
				.orElse(null);
		}

		private static String text(AnyValue value) {
			if (value == null) {
				return null;
			}
			return switch (value.getValueCase()) {
				case STRING_VALUE -> value.getStringValue();
				case INT_VALUE -> Long.toString(value.getIntValue());
				case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
				case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
				default -> value.toString();
			};
		}

		@Override
		public String toString() {
			return service() + " " + kind() + " '" + name() + "' " + status() + " span=" + spanId() + " parent="
					+ parentSpanId();
		}

	}

}
