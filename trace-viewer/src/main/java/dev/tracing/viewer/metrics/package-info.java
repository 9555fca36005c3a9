/**
 * Request, error and duration metrics of each service and operation, aggregated from the
 * spans the viewer receives, for the Monitor view and the metrics API.
 */
@NullMarked
package dev.tracing.viewer.metrics;

import org.jspecify.annotations.NullMarked;
