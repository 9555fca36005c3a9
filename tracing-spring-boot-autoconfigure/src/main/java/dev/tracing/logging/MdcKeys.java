package dev.tracing.logging;

/**
 * MDC keys for the trace and span ids; Spring Boot's by default, so its log pattern finds them.
 */
record MdcKeys(String traceId, String spanId) {

	static final MdcKeys DEFAULT = new MdcKeys("traceId", "spanId");

}
