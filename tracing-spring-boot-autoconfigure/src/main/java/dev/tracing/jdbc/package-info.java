/**
 * Database client spans for JDBC: one CLIENT span per statement, built on OpenTelemetry's JDBC library
 * instrumentation, with the number of rows a query returned and an optional SQL comment carrying the trace context.
 */
@NullMarked
package dev.tracing.jdbc;

import org.jspecify.annotations.NullMarked;
