/**
 * Auto-configuration of the {@code tracing} health, info and meters.
 */
@NullMarked
package dev.tracing.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
