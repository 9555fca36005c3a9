/**
 * Spring Boot's own tracing settings ({@code management.tracing.*}, {@code management.opentelemetry.*},
 * {@code management.otlp.tracing.*}) with the starter present: honoured through {@code tracing.*}, or named at
 * start-up.
 */
@NullMarked
package dev.tracing.autoconfigure.migration;

import org.jspecify.annotations.NullMarked;
