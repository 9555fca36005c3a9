/**
 * Redis client spans for Lettuce, written on the stable OpenTelemetry API through Lettuce's own tracing SPI: one
 * CLIENT span per command, the command's name and never its arguments unless asked for.
 */
@NullMarked
package dev.tracing.redis;

import org.jspecify.annotations.NullMarked;
