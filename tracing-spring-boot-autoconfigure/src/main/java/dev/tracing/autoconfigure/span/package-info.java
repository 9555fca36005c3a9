/**
 * Auto-configuration of manual spans: {@code @Traced}, the {@code Spans} helper, and Micrometer's {@code @Observed}
 * and {@code @NewSpan}.
 */
@NullMarked
package dev.tracing.autoconfigure.span;

import org.jspecify.annotations.NullMarked;
