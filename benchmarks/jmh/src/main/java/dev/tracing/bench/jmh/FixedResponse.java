package dev.tracing.bench.jmh;

import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A {@link MockHttpServletResponse} that keeps only the last header set, as a servlet container's recycled header
 * store does without allocating: the mock's header map would charge its own entries to the filter.
 */
final class FixedResponse extends MockHttpServletResponse {

	private @Nullable String lastHeader;

	@Override
	public void setHeader(String name, @Nullable String value) {
		this.lastHeader = value;
	}

	@Nullable String lastHeader() {
		return this.lastHeader;
	}

}
