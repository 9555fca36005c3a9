/**
 * Auto-configuration of trace context propagation across Spring's executors and schedulers.
 */
@NullMarked
package dev.tracing.autoconfigure.async;

import org.jspecify.annotations.NullMarked;
