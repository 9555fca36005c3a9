/**
 * Bounded, thread-safe in-memory storage of spans grouped into traces.
 */
@NullMarked
package dev.tracing.viewer.store;

import org.jspecify.annotations.NullMarked;
