/**
 * Auto-configuration of context propagation formats.
 */
@NullMarked
package dev.tracing.autoconfigure.propagation;

import org.jspecify.annotations.NullMarked;
