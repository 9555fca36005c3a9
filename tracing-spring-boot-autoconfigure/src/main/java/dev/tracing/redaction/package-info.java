/**
 * Redaction of secrets in the export path, whatever created the span.
 */
@NullMarked
package dev.tracing.redaction;

import org.jspecify.annotations.NullMarked;
