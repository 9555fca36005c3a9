package dev.tracing.bench.jmh;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A {@link MockHttpServletRequest} whose header, host and port look-ups allocate nothing, as a servlet container's
 * do for headers it has already parsed: the mock's case-insensitive header map lower-cases (allocates) each name it
 * is asked for, which would be charged to the filter.
 */
final class FixedRequest extends MockHttpServletRequest {

	private final String host;

	private final String userAgent;

	FixedRequest(String method, String path, String host, int port, String userAgent) {
		super(method, path);
		this.host = host;
		this.userAgent = userAgent;
		setServerName(host);
		setServerPort(port);
		setRemoteAddr("127.0.0.1");
		setProtocol("HTTP/1.1");
		addHeader("Host", host + ":" + port);
		addHeader("User-Agent", userAgent);
	}

	@Override
	public String getHeader(String name) {
		if (name.equalsIgnoreCase("user-agent")) {
			return this.userAgent;
		}
		if (name.equalsIgnoreCase("host")) {
			return this.host;
		}
		return null;
	}

	@Override
	public String getServerName() {
		return this.host;
	}

}
