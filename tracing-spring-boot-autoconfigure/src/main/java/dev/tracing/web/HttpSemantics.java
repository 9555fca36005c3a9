package dev.tracing.web;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Attribute keys and rules of OpenTelemetry's stable HTTP semantic conventions.
 */
public final class HttpSemantics {

	public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");

	public static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL = AttributeKey
		.stringKey("http.request.method_original");

	public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey
		.longKey("http.response.status_code");

	public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

	public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

	public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

	public static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");

	public static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");

	public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

	public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

	public static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");

	public static final AttributeKey<String> USER_AGENT_ORIGINAL = AttributeKey.stringKey("user_agent.original");

	public static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = AttributeKey
		.stringKey("network.protocol.version");

	public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	/** The method value for methods the conventions do not know. */
	public static final String OTHER_METHOD = "_OTHER";

	private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
			"OPTIONS", "TRACE", "PATCH");

	private HttpSemantics() {
	}

	/**
	 * Sets a request attribute on the span builder when there is one (the sampler may read it), else on the started
	 * span: instrumentation passes exactly one of them.
	 */
	public static <T> void set(@Nullable SpanBuilder builder, @Nullable Span span, AttributeKey<T> key, T value) {
		if (builder != null) {
			builder.setAttribute(key, value);
		}
		else if (span != null) {
			span.setAttribute(key, value);
		}
	}

	/**
	 * The method as the conventions record it: one of the known methods, else {@code _OTHER}.
	 */
	public static String method(String method) {
		return KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
	}

	/**
	 * Span name prefix: the method, or {@code HTTP} for unknown methods (which would explode cardinality).
	 */
	public static String spanNameMethod(String method) {
		return KNOWN_METHODS.contains(method) ? method : "HTTP";
	}

	/**
	 * {@code 1.1} from {@code HTTP/1.1}, {@code 2} from {@code HTTP/2.0}.
	 */
	public static @Nullable String protocolVersion(@Nullable String protocol) {
		if ("HTTP/1.1".equals(protocol)) {
			return "1.1";
		}
		if (protocol == null || !protocol.regionMatches(true, 0, "HTTP/", 0, 5)) {
			return null;
		}
		String version = protocol.substring(5);
		return version.equals("2.0") ? "2" : version.equals("3.0") ? "3" : version;
	}

	/**
	 * The URL as {@code url.full} records it: user info removed, query values redacted.
	 */
	public static String fullUrl(URI uri, QueryRedactor redactor) {
		StringBuilder url = new StringBuilder(64);
		if (uri.getScheme() != null) {
			url.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			url.append(uri.getHost());
			if (uri.getPort() != -1) {
				url.append(':').append(uri.getPort());
			}
		}
		if (uri.getRawPath() != null) {
			url.append(uri.getRawPath());
		}
		String query = redactor.redact(uri.getRawQuery());
		if (query != null) {
			url.append('?').append(query);
		}
		return url.toString();
	}

	/**
	 * The port the client connects to: explicit, else the scheme's default.
	 */
	public static long port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		return scheme.equals("https") ? 443 : 80;
	}

}
