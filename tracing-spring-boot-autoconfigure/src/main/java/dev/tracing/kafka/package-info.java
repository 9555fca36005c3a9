/**
 * Kafka producer and consumer spans for Spring Kafka, written on the stable OpenTelemetry API: a PRODUCER span per
 * record sent, a CONSUMER span per record (or batch) processed, the trace context and baggage in the record headers.
 */
@NullMarked
package dev.tracing.kafka;

import org.jspecify.annotations.NullMarked;
