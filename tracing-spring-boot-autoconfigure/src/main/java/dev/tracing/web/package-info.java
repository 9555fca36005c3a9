/**
 * HTTP semantics shared by the server and client instrumentation: OpenTelemetry's HTTP semantic conventions and URL
 * redaction.
 */
@NullMarked
package dev.tracing.web;

import org.jspecify.annotations.NullMarked;
