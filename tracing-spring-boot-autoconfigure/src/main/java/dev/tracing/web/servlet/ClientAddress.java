package dev.tracing.web.servlet;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * The {@code client.address} of a request, trusted as far as the application trusts its proxies.
 * <p>
 * By default it is the address the servlet container reports: the connection's peer, or, with Spring Boot's
 * {@code server.forward-headers-strategy=native}, the client address the container established from its trusted
 * proxies' headers. A caller can never set it by sending a header. Only with {@code server.forward-headers-strategy=
 * framework}, where the application declares every {@code Forwarded} / {@code X-Forwarded-For} header trustworthy
 * (Spring's {@code ForwardedHeaderFilter} then rewrites the request from them), are those headers read, the way that
 * filter reads them; a malformed one is ignored.
 */
final class ClientAddress {

	private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:-]{1,255}");

	private final boolean forwardedHeadersTrusted;

	/**
	 * @param forwardedHeadersTrusted whether {@code Forwarded} / {@code X-Forwarded-For} headers are trusted
	 */
	ClientAddress(boolean forwardedHeadersTrusted) {
		this.forwardedHeadersTrusted = forwardedHeadersTrusted;
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return its client address
	 */
	String of(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!this.forwardedHeadersTrusted) {
			return remote;
		}
		String forwarded = request.getHeader("Forwarded");
		String forwardedFor = request.getHeader("X-Forwarded-For");
		if (forwarded == null && forwardedFor == null) {
			return remote;
		}
		try {
			HttpHeaders headers = new HttpHeaders();
			if (forwarded != null) {
				headers.set("Forwarded", forwarded);
			}
			if (forwardedFor != null) {
				headers.set("X-Forwarded-For", forwardedFor);
			}
			@Nullable InetSocketAddress client = ForwardedHeaderUtils
				.parseForwardedFor(URI.create(request.getRequestURL().toString()), headers, null);
			String address = (client != null) ? address(client.getHostString()) : null;
			return (address != null) ? address : remote;
		}
		catch (RuntimeException ex) {
			return remote;
		}
	}

	// An IPv6 literal without its brackets, or a host or RFC 7239 obfuscated identifier; null for anything else
	static @Nullable String address(String host) {
		String candidate = (host.length() > 2 && host.startsWith("[") && host.endsWith("]"))
				? host.substring(1, host.length() - 1) : host;
		return ADDRESS.matcher(candidate).matches() ? candidate : null;
	}

}
