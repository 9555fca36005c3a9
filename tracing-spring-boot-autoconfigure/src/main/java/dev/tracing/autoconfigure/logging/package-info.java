/**
 * Log correlation set-up: MDC keys and Spring Boot's correlation pattern.
 */
@NullMarked
package dev.tracing.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
