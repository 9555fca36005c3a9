package dev.tracing.autoconfigure.micrometer;

import java.util.List;

import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.OtelTracer;

/**
 * Hands each tracer event (scope opened, closed, restored) to every listener.
 */
final class ListenersEventPublisher implements OtelTracer.EventPublisher {

	private final List<EventListener> listeners;

	ListenersEventPublisher(List<EventListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void publishEvent(Object event) {
		for (EventListener listener : this.listeners) {
			listener.onEvent(event);
		}
	}

}
