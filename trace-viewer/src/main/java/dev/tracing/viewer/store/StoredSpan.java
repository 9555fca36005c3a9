package dev.tracing.viewer.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A span as kept in the store, independent of the wire format it arrived in.
 *
 * @param traceId the trace id, 32 lowercase hex characters
 * @param spanId the span id, 16 lowercase hex characters
 * @param parentSpanId the parent span id, or {@code null} for a root span
 * @param name the operation name
 * @param kind the span kind
 * @param startEpochNanos the start, in nanoseconds since the epoch
 * @param endEpochNanos the end, in nanoseconds since the epoch, never before the start
 * @param attributes the span attributes
 * @param events the span events
 * @param links the span links
 * @param statusCode the status code
 * @param statusMessage the status message, empty when none
 * @param scopeName the instrumentation scope name, empty when none
 * @param scopeVersion the instrumentation scope version, empty when none
 * @param resource the resource that produced the span
 */
public record StoredSpan(String traceId, String spanId, @Nullable String parentSpanId, String name, Kind kind,
		long startEpochNanos, long endEpochNanos, List<Attribute> attributes, List<SpanEvent> events,
		List<SpanLink> links, StatusCode statusCode, String statusMessage, String scopeName, String scopeVersion,
		SpanResource resource) {

	public StoredSpan {
		attributes = List.copyOf(attributes);
		events = List.copyOf(events);
		links = List.copyOf(links);
		endEpochNanos = Math.max(startEpochNanos, endEpochNanos);
	}

	public long durationNanos() {
		return this.endEpochNanos - this.startEpochNanos;
	}

	public String serviceName() {
		return this.resource.serviceName();
	}

	public boolean isError() {
		return this.statusCode == StatusCode.ERROR;
	}

	/**
	 * Span kinds, as in OTLP.
	 */
	public enum Kind {

		UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER

	}

	/**
	 * Span status codes, as in OTLP.
	 */
	public enum StatusCode {

		UNSET, OK, ERROR

	}

}
