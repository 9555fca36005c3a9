/**
 * Auto-configuration of Redis command spans for Spring Data Redis on Lettuce.
 */
@NullMarked
package dev.tracing.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
