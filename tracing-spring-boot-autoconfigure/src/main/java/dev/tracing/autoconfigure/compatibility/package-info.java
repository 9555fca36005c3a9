/**
 * Start-up checks that the application's Spring Boot line and its OpenTelemetry artifacts are ones the starter
 * works with, so a mismatch stops start-up with a message that names it instead of a {@code NoSuchMethodError}.
 */
@NullMarked
package dev.tracing.autoconfigure.compatibility;

import org.jspecify.annotations.NullMarked;
