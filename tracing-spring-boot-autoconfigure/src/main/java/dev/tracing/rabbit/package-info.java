/**
 * RabbitMQ producer and consumer spans for Spring AMQP, written on the stable OpenTelemetry API: a PRODUCER span per
 * message published, a CONSUMER span per message (or batch) a listener processes, the trace context and baggage in
 * the message headers.
 */
@NullMarked
package dev.tracing.rabbit;

import org.jspecify.annotations.NullMarked;
