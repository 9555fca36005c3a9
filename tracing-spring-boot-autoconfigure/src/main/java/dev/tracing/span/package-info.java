/**
 * Business spans without boilerplate: the {@link dev.tracing.span.Traced @Traced} annotation and the
 * {@link dev.tracing.span.Spans} helper.
 */
@NullMarked
package dev.tracing.span;

import org.jspecify.annotations.NullMarked;
