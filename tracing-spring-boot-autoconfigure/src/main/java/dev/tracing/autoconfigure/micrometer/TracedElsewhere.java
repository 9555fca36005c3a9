package dev.tracing.autoconfigure.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.tracing.autoconfigure.TracingProperties;
import io.micrometer.observation.Observation;

import org.springframework.util.ClassUtils;

/**
 * Observation contexts of Spring's own HTTP instrumentation that our filter and client interceptors already trace.
 * The tracing handlers ignore them, so each request yields one server span and each call one client span, while
 * Spring's HTTP metrics, which come from the same observations, keep working.
 */
final class TracedElsewhere implements Predicate<Observation.Context> {

	private static final String[] SERVER_CONTEXTS = {
			"org.springframework.http.server.observation.ServerRequestObservationContext" };

	private static final String[] CLIENT_CONTEXTS = {
			"org.springframework.http.client.observation.ClientRequestObservationContext",
			"org.springframework.web.reactive.function.client.ClientRequestObservationContext" };

	// An array, not a list: tested on every observation, with no iterator.
	private final Class<?>[] types;

	TracedElsewhere(List<Class<?>> types) {
		this.types = types.toArray(Class<?>[]::new);
	}

	static TracedElsewhere from(TracingProperties.Http http) {
		List<Class<?>> types = new ArrayList<>();
		if (http.getServer().isEnabled()) {
			addPresent(types, SERVER_CONTEXTS);
		}
		if (http.getClient().isEnabled()) {
			addPresent(types, CLIENT_CONTEXTS);
		}
		return new TracedElsewhere(types);
	}

	private static void addPresent(List<Class<?>> types, String[] names) {
		ClassLoader classLoader = TracedElsewhere.class.getClassLoader();
		for (String name : names) {
			if (ClassUtils.isPresent(name, classLoader)) {
				types.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
	}

	@Override
	public boolean test(Observation.Context context) {
		for (Class<?> type : this.types) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		return false;
	}

}
