package dev.tracing.demo.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a third-party payment provider's API, shaped like Stripe's: {@code POST /v1/payment_intents} with a
 * form-encoded body ({@code amount}, {@code currency}, {@code payment_method}) answers
 * {@code {"id":"pi_…","status":"succeeded",…}}, or 402 with a {@code card_error} for the payment method
 * {@code pm_card_declined}.
 * <p>
 * A third party must never receive our trace context, so it records every trace header that reaches it:
 * {@code GET /received-headers} answers {@code {"paymentIntentRequests":3,"traceHeadersReceived":[]}}, and the demo
 * and the tests check that the list is empty. {@code GET /health} answers 200. JDK only, so it starts in a blink.
 * <p>
 * Run it with {@code java -jar demo-payment-provider.jar [--address=127.0.0.1] [--port=12111]}.
 */
public final class StubPaymentProvider implements AutoCloseable {

	/** A payment method the provider declines, as Stripe's test card {@code pm_card_chargeDeclined}. */
	public static final String DECLINED_PAYMENT_METHOD = "pm_card_declined";

	private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate", "baggage", "b3",
			"x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "uber-trace-id");

	private static final SecureRandom random = new SecureRandom();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final AtomicInteger paymentIntentRequests = new AtomicInteger();

	private final List<String> traceHeadersReceived = new CopyOnWriteArrayList<>();

	private StubPaymentProvider(HttpServer server) {
		this.server = server;
		server.createContext("/v1/payment_intents", this::paymentIntents);
		server.createContext("/received-headers", this::receivedHeaders);
		server.createContext("/health", (exchange) -> respond(exchange, 200, "{\"status\":\"UP\"}"));
		server.setExecutor(this.executor);
	}

	public static StubPaymentProvider start(String address, int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
		StubPaymentProvider provider = new StubPaymentProvider(server);
		server.start();
		return provider;
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
				System.err.println("Usage: java -jar demo-payment-provider.jar [--address=127.0.0.1] [--port=12111]");
				System.exit(2);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		String address = options.getOrDefault("address", "127.0.0.1");
		StubPaymentProvider provider = start(address, Integer.parseInt(options.getOrDefault("port", "12111")));
		Runtime.getRuntime().addShutdownHook(new Thread(provider::close));
		System.out.println("Stub payment provider listening on http://" + address + ":" + provider.port()
				+ " (POST /v1/payment_intents, GET /received-headers)");
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public int paymentIntentRequests() {
		return this.paymentIntentRequests.get();
	}

	/**
	 * Trace headers received so far, as {@code name: value}. Empty as long as the caller excludes this host from
	 * propagation.
	 * @return the trace headers received
	 */
	public List<String> traceHeadersReceived() {
		return List.copyOf(this.traceHeadersReceived);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void paymentIntents(HttpExchange exchange) throws IOException {
		recordTraceHeaders(exchange);
		if (!"POST".equals(exchange.getRequestMethod())) {
			respond(exchange, 405, error("invalid_request_error", "method_not_allowed", "Use POST."));
			return;
		}
		this.paymentIntentRequests.incrementAndGet();
		Map<String, String> form = parseForm(exchange.getRequestBody());
		String paymentMethod = form.getOrDefault("payment_method", "");
		if (paymentMethod.isEmpty() || form.get("amount") == null || form.get("currency") == null) {
			respond(exchange, 400, error("invalid_request_error", "parameter_missing",
					"amount, currency and payment_method are required."));
			return;
		}
		if (DECLINED_PAYMENT_METHOD.equals(paymentMethod)) {
			respond(exchange, 402, error("card_error", "card_declined", "Your card was declined."));
			return;
		}
		String id = "pi_" + randomId();
		respond(exchange, 200, "{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"amount\":"
				+ Long.parseLong(form.get("amount")) + ",\"currency\":\"" + json(form.get("currency"))
				+ "\",\"payment_method\":\"" + json(paymentMethod) + "\",\"status\":\"succeeded\"}");
	}

	private void receivedHeaders(HttpExchange exchange) throws IOException {
		StringBuilder headers = new StringBuilder();
		for (String header : this.traceHeadersReceived) {
			headers.append(headers.isEmpty() ? "" : ",").append('"').append(json(header)).append('"');
		}
		respond(exchange, 200, "{\"paymentIntentRequests\":" + this.paymentIntentRequests.get()
				+ ",\"traceHeadersReceived\":[" + headers + "]}");
	}

	private void recordTraceHeaders(HttpExchange exchange) {
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (TRACE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> this.traceHeadersReceived.add(name.toLowerCase(Locale.ROOT) + ": " + value));
			}
		});
	}

	private static Map<String, String> parseForm(InputStream body) throws IOException {
		Map<String, String> form = new HashMap<>();
		String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
		for (String pair : text.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static String error(String type, String code, String message) {
		return "{\"error\":{\"type\":\"" + type + "\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
	}

	private static String randomId() {
		String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < 24; i++) {
			id.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return id.toString();
	}

	private static String json(String value) {
		StringBuilder escaped = new StringBuilder();
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
