/**
 * Auto-configuration of span exporters: OTLP over HTTP or gRPC, logging, none.
 */
@NullMarked
package dev.tracing.autoconfigure.export;

import org.jspecify.annotations.NullMarked;
