/**
 * The exporter's state, visible in actuator health and info and as Micrometer meters.
 */
@NullMarked
package dev.tracing.actuate;

import org.jspecify.annotations.NullMarked;
