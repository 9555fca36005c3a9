/**
 * Auto-configuration of OpenTelemetry tracing from {@code tracing.*} properties.
 */
@NullMarked
package dev.tracing.autoconfigure;

import org.jspecify.annotations.NullMarked;
