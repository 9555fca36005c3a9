/**
 * Decisions on where trace context may travel: hosts that must never receive it.
 */
@NullMarked
package dev.tracing.propagation;

import org.jspecify.annotations.NullMarked;
