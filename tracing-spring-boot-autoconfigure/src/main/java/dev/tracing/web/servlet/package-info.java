/**
 * Server spans for servlet applications: the tracing filter and health-check skipping.
 */
@NullMarked
package dev.tracing.web.servlet;

import org.jspecify.annotations.NullMarked;
