/**
 * Auto-configuration linking metrics to traces: exemplars on Prometheus metrics.
 */
@NullMarked
package dev.tracing.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
