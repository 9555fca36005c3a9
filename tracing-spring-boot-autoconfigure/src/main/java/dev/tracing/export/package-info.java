/**
 * Span exporters shipped with the starter.
 */
@NullMarked
package dev.tracing.export;

import org.jspecify.annotations.NullMarked;
