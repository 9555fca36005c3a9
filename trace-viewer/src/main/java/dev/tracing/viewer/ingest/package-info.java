/**
 * OTLP receivers (HTTP and gRPC) that turn export requests into stored spans.
 */
@NullMarked
package dev.tracing.viewer.ingest;

import org.jspecify.annotations.NullMarked;
