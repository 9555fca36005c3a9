/**
 * Auto-configuration of the Micrometer Tracing bridge, so Micrometer and OpenTelemetry API code share one trace.
 */
@NullMarked
package dev.tracing.autoconfigure.micrometer;

import org.jspecify.annotations.NullMarked;
