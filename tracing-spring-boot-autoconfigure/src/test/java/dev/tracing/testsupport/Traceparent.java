package dev.tracing.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A W3C {@code traceparent} header as a test reads it. Tests assert the sampled bit of the flags, never the whole
 * byte: newer SDKs also set other bits (W3C Trace Context Level 2's random-trace-id flag, {@code 02}).
 *
 * @param traceId the trace id
 * @param spanId the parent id
 * @param flags the trace flags
 */
public record Traceparent(String traceId, String spanId, int flags) {

	/**
	 * Parse a header, failing the test when it is not a version-00 traceparent.
	 * @param header the header value
	 * @return the parsed header
	 */
	public static Traceparent of(String header) {
		assertThat(header).as("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		String[] parts = header.split("-");
		return new Traceparent(parts[1], parts[2], Integer.parseInt(parts[3], 16));
	}

	public boolean sampled() {
		return (this.flags & 0x01) != 0;
	}

}
