/**
 * The starter's sampler, and what instrumentation may skip because of it.
 */
@NullMarked
package dev.tracing.sampling;

import org.jspecify.annotations.NullMarked;
