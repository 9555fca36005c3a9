/**
 * Log correlation: the current trace and span ids in the logging MDC.
 */
@NullMarked
package dev.tracing.logging;

import org.jspecify.annotations.NullMarked;
