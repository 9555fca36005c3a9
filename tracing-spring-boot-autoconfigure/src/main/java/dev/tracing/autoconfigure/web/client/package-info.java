/**
 * Auto-configuration of client spans for Spring's HTTP clients built from Boot's builders.
 */
@NullMarked
package dev.tracing.autoconfigure.web.client;

import org.jspecify.annotations.NullMarked;
