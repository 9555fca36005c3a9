/**
 * Serving of the single-page web UI.
 */
@NullMarked
package dev.tracing.viewer.web;

import org.jspecify.annotations.NullMarked;
