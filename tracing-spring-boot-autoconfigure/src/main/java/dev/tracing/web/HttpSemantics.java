package dev.tracing.web;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Rules of OpenTelemetry's stable HTTP semantic conventions; the attribute keys come from
 * {@code opentelemetry-semconv}.
 */
public final class HttpSemantics {

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
