package dev.tracing.viewer.ingest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP traces endpoint, {@code POST /v1/traces}, in both the binary protobuf and
 * the JSON encoding, optionally gzip-compressed. Answers as the OTLP specification
 * says: in the request's encoding, with a {@code google.rpc.Status} on failure.
 */
final class OtlpHttpHandler implements HttpHandler {

	static final String TRACES_PATH = "/v1/traces";

	/**
	 * How much of an oversized body is read and thrown away so the client gets the 413
	 * instead of a connection reset. Past that the connection is closed.
	 */
	private static final long MAX_DISCARD = 64L * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(OtlpHttpHandler.class);

	private final OtlpTraceReceiver receiver;

	private final int maxRequestSize;

	OtlpHttpHandler(OtlpTraceReceiver receiver, int maxRequestSize) {
		this.receiver = receiver;
		this.maxRequestSize = maxRequestSize;
	}

	@Override
	public void handle(HttpExchange exchange) {
		try {
			send(exchange, processSafely(exchange));
		}
		catch (IOException ex) {
			// The client went away or sent a broken request: nobody to answer
			logger.debug("OTLP/HTTP request failed", ex);
		}
		finally {
			exchange.close();
		}
	}

	private Response processSafely(HttpExchange exchange) throws IOException {
		try {
			return process(exchange);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to process OTLP/HTTP request", ex);
			return Response.status(500, Encoding.JSON, Code.INTERNAL, "Internal error: " + ex);
		}
	}

	private Response process(HttpExchange exchange) throws IOException {
		if (!TRACES_PATH.equals(exchange.getRequestURI().getPath())) {
			return Response.text(404, "Not found: OTLP/HTTP traces are accepted at POST " + TRACES_PATH);
		}
		if (!"POST".equals(exchange.getRequestMethod())) {
			return Response.text(405, "Method not allowed: use POST").withHeader("Allow", "POST");
		}
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		Encoding encoding = Encoding.forContentType(contentType);
		if (encoding == null) {
			return Response.status(415, Encoding.JSON, Code.INVALID_ARGUMENT, "Unsupported content type '"
					+ contentType + "': use application/x-protobuf or application/json");
		}
		String contentEncoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		boolean gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
		if (contentEncoding != null && !gzip && !contentEncoding.trim().equalsIgnoreCase("identity")) {
			return Response.status(415, encoding, Code.INVALID_ARGUMENT,
					"Unsupported content encoding '" + contentEncoding + "': use gzip or none");
		}
		byte[] body;
		try {
			body = readBody(exchange, gzip);
		}
		catch (RequestTooLargeException ex) {
			return Response.status(413, encoding, Code.RESOURCE_EXHAUSTED, ex.getMessage())
				.closingConnection(ex.closeConnection);
		}
		catch (ZipException | EOFException ex) {
			return Response.status(400, encoding, Code.INVALID_ARGUMENT, "Malformed gzip body: " + ex.getMessage());
		}
		ExportTraceServiceRequest request;
		try {
			request = encoding.parse(body);
		}
		catch (InvalidOtlpRequestException ex) {
			return Response.status(400, encoding, Code.INVALID_ARGUMENT, ex.getMessage());
		}
		return Response.message(200, encoding, this.receiver.export(request));
	}

	private byte[] readBody(HttpExchange exchange, boolean gzip) throws IOException, RequestTooLargeException {
		InputStream in = exchange.getRequestBody();
		long declaredLength = contentLength(exchange);
		if (declaredLength > this.maxRequestSize) {
			throw tooLarge(in, "Request body of " + declaredLength + " bytes");
		}
		byte[] body = in.readNBytes(this.maxRequestSize + 1);
		if (body.length > this.maxRequestSize) {
			throw tooLarge(in, "Request body");
		}
		if (!gzip) {
			return body;
		}
		try (InputStream inflater = new GZIPInputStream(new ByteArrayInputStream(body))) {
			// Bounded, so a small compressed body cannot expand without limit
			byte[] inflated = inflater.readNBytes(this.maxRequestSize + 1);
			if (inflated.length > this.maxRequestSize) {
				throw new RequestTooLargeException("Decompressed request body exceeds the limit of "
						+ this.maxRequestSize + " bytes (viewer.otlp.max-request-size)", false);
			}
			return inflated;
		}
	}

	private RequestTooLargeException tooLarge(InputStream in, String what) throws IOException {
		// read(), not skip(): the JDK server's body streams do not count skipped bytes
		byte[] buffer = new byte[64 * 1024];
		long discarded = 0;
		int read = 0;
		while (discarded < MAX_DISCARD && (read = in.read(buffer)) != -1) {
			discarded += read;
		}
		return new RequestTooLargeException(what + " exceeds the limit of " + this.maxRequestSize
				+ " bytes (viewer.otlp.max-request-size)", read != -1);
	}

	private static long contentLength(HttpExchange exchange) {
		String value = exchange.getRequestHeaders().getFirst("Content-Length");
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static void send(HttpExchange exchange, Response response) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", response.contentType);
		if (response.headerName != null && response.headerValue != null) {
			exchange.getResponseHeaders().set(response.headerName, response.headerValue);
		}
		if (response.closeConnection) {
			exchange.getResponseHeaders().set("Connection", "close");
		}
		exchange.sendResponseHeaders(response.status, (response.body.length > 0) ? response.body.length : -1);
		if (response.body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response.body);
			}
		}
	}

	/**
	 * The two OTLP/HTTP encodings.
	 */
	enum Encoding {

		PROTOBUF("application/x-protobuf") {

			@Override
			ExportTraceServiceRequest parse(byte[] body) throws InvalidOtlpRequestException {
				try {
					return ExportTraceServiceRequest.parseFrom(body);
				}
				catch (InvalidProtocolBufferException ex) {
					throw new InvalidOtlpRequestException("Malformed protobuf: " + ex.getMessage(), ex);
				}
			}

			@Override
			byte[] encode(Message message) {
				return message.toByteArray();
			}

		},

		JSON("application/json") {

			@Override
			ExportTraceServiceRequest parse(byte[] body) throws InvalidOtlpRequestException {
				return OtlpJson.parseRequest(new String(body, StandardCharsets.UTF_8));
			}

			@Override
			byte[] encode(Message message) {
				return OtlpJson.print(message).getBytes(StandardCharsets.UTF_8);
			}

		};

		private final String mediaType;

		Encoding(String mediaType) {
			this.mediaType = mediaType;
		}

		abstract ExportTraceServiceRequest parse(byte[] body) throws InvalidOtlpRequestException;

		abstract byte[] encode(Message message);

		static @Nullable Encoding forContentType(@Nullable String contentType) {
			if (contentType == null) {
				return null;
			}
			int parameters = contentType.indexOf(';');
			String mediaType = ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim()
				.toLowerCase(Locale.ROOT);
			for (Encoding encoding : values()) {
				if (encoding.mediaType.equals(mediaType)) {
					return encoding;
				}
			}
			return null;
		}

	}

	private static final class RequestTooLargeException extends Exception {

		private final boolean closeConnection;

		RequestTooLargeException(String message, boolean closeConnection) {
			super(message);
			this.closeConnection = closeConnection;
		}

	}

	private static final class Response {

		private final int status;

		private final String contentType;

		private final byte[] body;

		private @Nullable String headerName;

		private @Nullable String headerValue;

		private boolean closeConnection;

		private Response(int status, String contentType, byte[] body) {
			this.status = status;
			this.contentType = contentType;
			this.body = body;
		}

		static Response text(int status, String text) {
			return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
		}

		static Response message(int status, Encoding encoding, Message message) {
			return new Response(status, encoding.mediaType, encoding.encode(message));
		}

		static Response status(int status, Encoding encoding, Code code, @Nullable String message) {
			Status body = Status.newBuilder()
				.setCode(code.getNumber())
				.setMessage((message != null) ? message : "")
				.build();
			return message(status, encoding, body);
		}

		Response withHeader(String name, String value) {
			this.headerName = name;
			this.headerValue = value;
			return this;
		}

		Response closingConnection(boolean close) {
			this.closeConnection = close;
			return this;
		}

	}

}
