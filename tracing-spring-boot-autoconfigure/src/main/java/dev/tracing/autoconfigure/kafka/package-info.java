/**
 * Auto-configuration of Kafka producer and consumer spans for Spring Kafka.
 */
@NullMarked
package dev.tracing.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
