package dev.tracing.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * A real OTLP/HTTP collector on a fixed loopback port that can be made to misbehave on purpose: refuse connections,
 * accept them and never answer, answer slowly, or answer 503 / 429 with {@code Retry-After}, and then recover.
 */
public final class SwitchableCollector implements AutoCloseable {

	/**
	 * How the collector behaves.
	 */
	public enum Mode {

		HEALTHY, REFUSING, BLACK_HOLE, SLOW, UNAVAILABLE_503, TOO_MANY_REQUESTS_429

	}

	private final int port;

	private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();

	private final List<Socket> heldConnections = new CopyOnWriteArrayList<>();

	private volatile Mode mode = Mode.REFUSING;

	private HttpServer http;

	private ServerSocket blackHole;

	private Thread blackHoleAcceptor;

	public SwitchableCollector() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public List<ExportTraceServiceRequest> received() {
		return List.copyOf(this.received);
	}

	public List<String> receivedSpanNames() {
		return ReceivedSpans.of(received()).names();
	}

	public int openHeldConnections() {
		return (int) this.heldConnections.stream().filter((socket) -> !socket.isClosed()).count();
	}

	public synchronized void switchTo(Mode mode) throws IOException {
		this.mode = mode;
		boolean wantHttp = mode != Mode.REFUSING && mode != Mode.BLACK_HOLE;
		if (!wantHttp && this.http != null) {
			this.http.stop(0);
			((java.util.concurrent.ExecutorService) this.http.getExecutor()).shutdownNow();
			this.http = null;
		}
		if (mode != Mode.BLACK_HOLE) {
			closeBlackHole();
		}
		if (wantHttp && this.http == null) {
			this.http = bindWithRetry(() -> HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 0));
			this.http.createContext("/", this::handle);
			this.http.setExecutor(Executors.newFixedThreadPool(4));
			this.http.start();
		}
		if (mode == Mode.BLACK_HOLE && this.blackHole == null) {
			this.blackHole = bindWithRetry(() -> {
				ServerSocket socket = new ServerSocket();
				socket.setReuseAddress(true);
				try {
					socket.bind(new InetSocketAddress("127.0.0.1", this.port));
				}
				catch (IOException ex) {
					socket.close();
					throw ex;
				}
				return socket;
			});
			ServerSocket socket = this.blackHole;
			this.blackHoleAcceptor = new Thread(() -> {
				while (!socket.isClosed()) {
					try {
						this.heldConnections.add(socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "black-hole");
			this.blackHoleAcceptor.setDaemon(true);
			this.blackHoleAcceptor.start();
		}
	}

	// The port is released asynchronously when the previous server stops: retry briefly.
	private static <T> T bindWithRetry(Binding<T> binding) throws IOException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (true) {
			try {
				return binding.bind();
			}
			catch (java.net.BindException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(50);
			}
		}
	}

	@FunctionalInterface
	private interface Binding<T> {

		T bind() throws IOException;

	}

	private void closeBlackHole() throws IOException {
		if (this.blackHole != null) {
			this.blackHole.close();
			for (Socket held : this.heldConnections) {
				held.close();
			}
			this.heldConnections.clear();
			this.blackHole = null;
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			switch (this.mode) {
				case SLOW -> {
					sleep(3000);
					accept(exchange, body);
				}
				case UNAVAILABLE_503 -> respond(exchange, 503, "1");
				case TOO_MANY_REQUESTS_429 -> respond(exchange, 429, "2");
				default -> accept(exchange, body);
			}
		}
	}

	private void accept(HttpExchange exchange, byte[] body) throws IOException {
		this.received.add(ExportTraceServiceRequest.parseFrom(body));
		byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
		exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, response.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(response);
		}
	}

	private static void respond(HttpExchange exchange, int status, String retryAfter) throws IOException {
		exchange.getResponseHeaders().add("Retry-After", retryAfter);
		exchange.sendResponseHeaders(status, -1);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized void close() throws IOException {
		switchTo(Mode.REFUSING);
	}

}
