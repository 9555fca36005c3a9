package dev.tracing.autoconfigure.micrometer;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.boot.micrometer.observation.autoconfigure.ObservationHandlerGroup;

/**
 * Groups the tracing handlers (the first matching one handles an observation) and the meter handlers, each
 * {@link SpanScopedMeterObservationHandler span-scoped}: a meter is recorded with the observation's span in scope, so
 * that its exemplar is the traced request's span even where the observation stops on another thread (a
 * {@code WebClient} response). What Spring Boot's {@code spring-boot-micrometer-tracing} module does, for
 * applications without it, but without a tracing context on the observations of unsampled and skipped requests. A
 * meter handler that is already Micrometer's {@link TracingAwareMeterObservationHandler} is kept; it requires a
 * context on every observation, so the {@link PassiveTracingObservationHandler} then creates one every time.
 */
final class TracingAndMeterHandlerGroup implements ObservationHandlerGroup {

	private final Tracer tracer;

	TracingAndMeterHandlerGroup(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean isMember(ObservationHandler<?> handler) {
		return handler instanceof MeterObservationHandler<?> || handler instanceof TracingObservationHandler<?>;
	}

	@Override
	public int compareTo(ObservationHandlerGroup other) {
		if (other instanceof TracingAndMeterHandlerGroup) {
			return 0;
		}
		// Before the groups of meter handlers or of tracing handlers alone, so that this one claims its members
		return (MeterObservationHandler.class.isAssignableFrom(other.handlerType())
				|| TracingObservationHandler.class.isAssignableFrom(other.handlerType())) ? -1 : 1;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void registerMembers(ObservationRegistry.ObservationConfig config, List<ObservationHandler<?>> members) {
		List<ObservationHandler<?>> tracing = new ArrayList<>(members.size());
		List<ObservationHandler<?>> meters = new ArrayList<>(members.size());
		boolean contextRequired = false;
		for (ObservationHandler<?> member : members) {
			if (member instanceof TracingAwareMeterObservationHandler<?>) {
				meters.add(member);
				contextRequired = true;
			}
			else if (member instanceof MeterObservationHandler<?> meter) {
				meters.add(new SpanScopedMeterObservationHandler<>((MeterObservationHandler) meter, this.tracer));
			}
			else {
				tracing.add(member);
			}
		}
		if (contextRequired) {
			tracing.replaceAll((handler) -> (handler instanceof PassiveTracingObservationHandler passive)
					? passive.requiringContext() : handler);
		}
		register(config, tracing);
		register(config, meters);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void register(ObservationRegistry.ObservationConfig config, List<ObservationHandler<?>> handlers) {
		if (handlers.size() == 1) {
			config.observationHandler((ObservationHandler<Observation.Context>) handlers.get(0));
		}
		else if (!handlers.isEmpty()) {
			config.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler((List) handlers));
		}
	}

	@Override
	public Class<?> handlerType() {
		return TracingObservationHandler.class;
	}

}
