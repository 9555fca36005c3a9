package dev.tracing.bench.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP (protobuf) receiver that decodes every export request, counts its spans and throws them away,
 * answering 200 with an empty {@code ExportTraceServiceResponse}. Metrics and logs requests are answered and
 * counted, so a run can prove that no variant exports them.
 * <p>
 * {@code GET /stats} returns the counters as JSON, {@code POST /reset} zeroes them, and {@code POST /detail} also
 * records, until the next reset, how many spans each trace has and what its root span is called (the counting pass).
 * {@code GET /detail} returns that as JSON, grouped by service name and root span name.
 */
public final class DiscardSink implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final AtomicLong spans = new AtomicLong();

	private final AtomicLong traceRequests = new AtomicLong();

	private final AtomicLong traceBytes = new AtomicLong();

	private final AtomicLong metricsRequests = new AtomicLong();

	private final AtomicLong logsRequests = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private volatile boolean detail;

	private final Map<String, TraceInfo> traces = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> services = new ConcurrentHashMap<>();

	public DiscardSink(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/traces", this::traces);
		this.server.createContext("/v1/metrics", (exchange) -> discard(exchange, this.metricsRequests));
		this.server.createContext("/v1/logs", (exchange) -> discard(exchange, this.logsRequests));
		this.server.createContext("/stats", (exchange) -> reply(exchange, 200, statsJson()));
		this.server.createContext("/reset", (exchange) -> {
			reset();
			reply(exchange, 200, statsJson());
		});
		this.server.createContext("/detail", (exchange) -> {
			if ("POST".equals(exchange.getRequestMethod())) {
				this.detail = true;
			}
			reply(exchange, 200, detailJson());
		});
		this.server.start();
	}

	public static void main(String[] args) throws IOException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 4319;
		DiscardSink sink = new DiscardSink(port);
		Runtime.getRuntime().addShutdownHook(new Thread(sink::close));
		System.out.println("sink listening on 127.0.0.1:" + sink.port());
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public long spans() {
		return this.spans.get();
	}

	public void reset() {
		this.spans.set(0);
		this.traceRequests.set(0);
		this.traceBytes.set(0);
		this.metricsRequests.set(0);
		this.logsRequests.set(0);
		this.rejected.set(0);
		this.detail = false;
		this.traces.clear();
		this.services.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void traces(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = body(exchange);
			ExportTraceServiceRequest request;
			try {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			catch (IOException ex) {
				this.rejected.incrementAndGet();
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			this.traceRequests.incrementAndGet();
			this.traceBytes.addAndGet(body.length);
			long count = 0;
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				String service = serviceName(resourceSpans.getResource());
				long serviceCount = 0;
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					serviceCount += scopeSpans.getSpansCount();
					if (this.detail) {
						scopeSpans.getSpansList().forEach((span) -> record(service, span));
					}
				}
				this.services.computeIfAbsent(service, (name) -> new AtomicLong()).addAndGet(serviceCount);
				count += serviceCount;
			}
			this.spans.addAndGet(count);
			// An empty ExportTraceServiceResponse is zero bytes of protobuf.
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	private static String serviceName(Resource resource) {
		for (KeyValue attribute : resource.getAttributesList()) {
			if (attribute.getKey().equals("service.name")) {
				return attribute.getValue().getStringValue();
			}
		}
		return "(no service.name)";
	}

	private void record(String service, Span span) {
		String traceId = service + " " + HexFormat.of().formatHex(span.getTraceId().toByteArray());
		TraceInfo info = this.traces.computeIfAbsent(traceId, (id) -> new TraceInfo(service));
		synchronized (info) {
			info.spans++;
			info.kinds.merge(span.getKind().name().replace("SPAN_KIND_", ""), 1, Integer::sum);
			if (span.getParentSpanId().isEmpty()) {
				info.root = span.getName() + path(span);
			}
		}
	}

	// " [/path]" when the span name does not already carry the path (a server span without a route).
	private static String path(Span span) {
		for (KeyValue attribute : span.getAttributesList()) {
			String key = attribute.getKey();
			if (key.equals("url.path") || key.equals("http.target")) {
				String path = attribute.getValue().getStringValue();
				return span.getName().contains(path) ? "" : " [" + path + "]";
			}
		}
		return "";
	}

	private static void discard(HttpExchange exchange, AtomicLong counter) throws IOException {
		try (exchange) {
			body(exchange);
			counter.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
		}
	}

	private static byte[] body(HttpExchange exchange) throws IOException {
		InputStream in = exchange.getRequestBody();
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
			in = new GZIPInputStream(in);
		}
		return in.readAllBytes();
	}

	private static void reply(HttpExchange exchange, int status, String json) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	String statsJson() {
		return "{\"spans\":" + this.spans.get() + ",\"traceRequests\":" + this.traceRequests.get() + ",\"traceBytes\":"
				+ this.traceBytes.get() + ",\"metricsRequests\":" + this.metricsRequests.get() + ",\"logsRequests\":"
				+ this.logsRequests.get() + ",\"rejected\":" + this.rejected.get() + ",\"services\":"
				+ map(new TreeMap<>(this.services)) + "}";
	}

	// Per root span name: traces, spans, and how many traces had each span count, e.g. {"3":200}.
	String detailJson() {
		Map<String, Group> groups = new TreeMap<>();
		for (TraceInfo info : this.traces.values()) {
			synchronized (info) {
				String root = info.service + " | " + ((info.root != null) ? info.root : "(no root)");
				Group group = groups.computeIfAbsent(root, (k) -> new Group());
				group.traces++;
				group.spans += info.spans;
				group.spansPerTrace.merge(info.spans, 1, Integer::sum);
				info.kinds.forEach((kind, n) -> group.kinds.merge(kind, n, Integer::sum));
			}
		}
		StringBuilder json = new StringBuilder("{\"spans\":").append(this.spans.get()).append(",\"roots\":{");
		String separator = "";
		for (Map.Entry<String, Group> entry : groups.entrySet()) {
			Group group = entry.getValue();
			json.append(separator).append('"').append(entry.getKey().replace("\"", "'")).append("\":{\"traces\":")
				.append(group.traces).append(",\"spans\":").append(group.spans).append(",\"spansPerTrace\":")
				.append(map(group.spansPerTrace)).append(",\"kinds\":").append(map(group.kinds)).append('}');
			separator = ",";
		}
		return json.append("}}").toString();
	}

	private static String map(Map<?, ?> map) {
		StringBuilder json = new StringBuilder("{");
		String separator = "";
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			json.append(separator).append('"').append(entry.getKey()).append("\":").append(entry.getValue());
			separator = ",";
		}
		return json.append('}').toString();
	}

	private static final class TraceInfo {

		final String service;

		TraceInfo(String service) {
			this.service = service;
		}

		int spans;

		String root;

		final Map<String, Integer> kinds = new HashMap<>();

	}

	private static final class Group {

		int traces;

		long spans;

		final Map<Integer, Integer> spansPerTrace = new TreeMap<>();

		final Map<String, Integer> kinds = new TreeMap<>();

	}

}
