/**
 * Trace viewer: a local OTLP endpoint with an in-memory trace store, a Jaeger-compatible query API and a web UI.
 */
@NullMarked
package dev.tracing.viewer;

import org.jspecify.annotations.NullMarked;
