/**
 * What the messaging integrations share: the attribute keys of OpenTelemetry's messaging semantic conventions and
 * the rule that skips destinations.
 */
@NullMarked
package dev.tracing.messaging;

import org.jspecify.annotations.NullMarked;
