package dev.tracing.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP endpoint in the JVM, on loopback and a free port, that reads each export request whole and answers
 * 200 with an empty body (an empty {@code ExportTraceServiceResponse}): the exporter serializes and sends for real,
 * and the collector's side costs as little as it can. HTTP/1.1 by hand on a socket, one connection at a time, into a
 * buffer reused across requests, on one thread ({@link #THREAD_NAME}) whose allocation is told apart from the
 * exporter's. (The JDK's {@code HttpServer} stalled tens of milliseconds on each request body.)
 */
final class OtlpSink implements AutoCloseable {

	static final String THREAD_NAME = "otlp-sink";

	private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
			+ "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final byte[] buffer = new byte[64 * 1024];

	private final List<byte[]> kept = new CopyOnWriteArrayList<>();

	private final boolean keepBodies;

	/**
	 * @param keepBodies whether the request bodies are kept for {@link #bodies()} (tests), not only counted
	 */
	OtlpSink(boolean keepBodies) {
		this.keepBodies = keepBodies;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread thread = new Thread(this::serve, THREAD_NAME);
		thread.setDaemon(true);
		thread.start();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				socket.setTcpNoDelay(true);
				InputStream in = socket.getInputStream();
				OutputStream out = socket.getOutputStream();
				if (serveRequest(in, out)) {
					this.requests.incrementAndGet();
				}
			}
			catch (IOException ex) {
				// The exporter closed the connection, or the sink is closing: wait for the next one.
			}
		}
	}

	// One request: headers up to the blank line (they fit in the buffer), then Content-Length bytes of body.
	private boolean serveRequest(InputStream in, OutputStream out) throws IOException {
		int length = 0;
		int headerEnd = -1;
		while (headerEnd < 0) {
			int read = in.read(this.buffer, length, this.buffer.length - length);
			if (read < 0) {
				return false;
			}
			length += read;
			headerEnd = indexOfBlankLine(length);
		}
		String headers = new String(this.buffer, 0, headerEnd, StandardCharsets.US_ASCII);
		long remaining = contentLength(headers) - (length - headerEnd - 4);
		ByteArrayOutputStream body = this.keepBodies ? new ByteArrayOutputStream() : null;
		if (body != null) {
			body.write(this.buffer, headerEnd + 4, length - headerEnd - 4);
		}
		this.bytes.addAndGet(length - headerEnd - 4);
		while (remaining > 0) {
			int read = in.read(this.buffer, 0, (int) Math.min(this.buffer.length, remaining));
			if (read < 0) {
				return false;
			}
			remaining -= read;
			this.bytes.addAndGet(read);
			if (body != null) {
				body.write(this.buffer, 0, read);
			}
		}
		if (body != null) {
			this.kept.add(body.toByteArray());
		}
		out.write(RESPONSE);
		out.flush();
		return true;
	}

	private int indexOfBlankLine(int length) {
		for (int i = 0; i + 3 < length; i++) {
			if (this.buffer[i] == '\r' && this.buffer[i + 1] == '\n' && this.buffer[i + 2] == '\r'
					&& this.buffer[i + 3] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private static long contentLength(String headers) {
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		throw new IllegalStateException("No Content-Length in an export request (chunked bodies are not read)");
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	long requests() {
		return this.requests.get();
	}

	long bytes() {
		return this.bytes.get();
	}

	List<byte[]> bodies() {
		return List.copyOf(this.kept);
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway
		}
	}

}
