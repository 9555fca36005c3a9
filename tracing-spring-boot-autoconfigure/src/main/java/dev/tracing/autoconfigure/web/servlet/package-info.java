/**
 * Auto-configuration of server spans for servlet web applications.
 */
@NullMarked
package dev.tracing.autoconfigure.web.servlet;

import org.jspecify.annotations.NullMarked;
