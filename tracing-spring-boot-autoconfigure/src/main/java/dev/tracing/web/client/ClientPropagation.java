package dev.tracing.web.client;

import java.net.URI;

import dev.tracing.propagation.HostExclusion;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The trace context on an outgoing call, whatever the client and whether or not the call has a span of its own:
 * injected by the configured propagators, unless the host is excluded.
 */
final class ClientPropagation {

	private final TextMapPropagator propagator;

	private final HostExclusion excludedHosts;

	ClientPropagation(OpenTelemetry openTelemetry, HostExclusion excludedHosts) {
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.excludedHosts = excludedHosts;
	}

	<C> void inject(Context context, URI uri, C carrier, TextMapSetter<C> setter) {
		if (!this.excludedHosts.isExcluded(uri.getHost())) {
			this.propagator.inject(context, carrier, setter);
		}
	}

}
