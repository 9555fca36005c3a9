/**
 * Query API compatible with Jaeger's HTTP query API.
 */
@NullMarked
package dev.tracing.viewer.query;

import org.jspecify.annotations.NullMarked;
