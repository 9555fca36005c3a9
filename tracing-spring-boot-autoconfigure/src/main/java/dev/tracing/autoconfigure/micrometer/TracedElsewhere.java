package dev.tracing.autoconfigure.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;

import org.springframework.util.ClassUtils;

/**
 * Observation contexts of Spring's own HTTP instrumentation that our filter and client instrumentation trace, or,
 * switched off, leave untraced. The tracing handlers ignore them, so each request yields one server span and each call
 * one client span (none when switched off), while Spring's HTTP metrics, which come from the same observations, keep
 * working.
 */
final class TracedElsewhere implements Predicate<Observation.Context> {

	// Arrays, not lists: tested on every observation, with no iterator.
	private static final Class<?>[] SERVER_CONTEXTS = present(
			"org.springframework.http.server.observation.ServerRequestObservationContext");

	private static final Class<?>[] CLIENT_CONTEXTS = present(
			"org.springframework.http.client.observation.ClientRequestObservationContext",
			"org.springframework.web.reactive.function.client.ClientRequestObservationContext");

	private final Class<?>[] types;

	private TracedElsewhere() {
		List<Class<?>> types = new ArrayList<>(List.of(SERVER_CONTEXTS));
		types.addAll(List.of(CLIENT_CONTEXTS));
		this.types = types.toArray(Class<?>[]::new);
	}

	/**
	 * The starter's claim: every servlet server request and every client call is the starter's to trace, whatever
	 * {@code tracing.http.*} says. Switched off ({@code tracing.http.server.enabled} or
	 * {@code tracing.http.client.enabled} set to {@code false}), the starter makes no span there, and the bridge must
	 * not make one either from Spring's observations: under Micrometer's older naming, and for clients with the
	 * propagation the property turned off. Propagation-only clients ({@code tracing.http.client.spans=false}) are
	 * claimed for the same reason: a span from the bridge would put back the cost the mode saves, and its injection
	 * would overwrite the context the starter sent.
	 * @return the claim on Spring's HTTP server and client observations
	 */
	static TracedElsewhere starterOwned() {
		return new TracedElsewhere();
	}

	/**
	 * Whether a context is that of Spring's HTTP server observations.
	 * @param context the observation's context
	 * @return whether it is a server request's
	 */
	static boolean isServerContext(Observation.Context context) {
		return isAny(SERVER_CONTEXTS, context);
	}

	/**
	 * Whether a context is that of Spring's HTTP client observations ({@code RestClient}, {@code RestTemplate},
	 * {@code WebClient}).
	 * @param context the observation's context
	 * @return whether it is a client request's
	 */
	static boolean isClientContext(Observation.Context context) {
		return isAny(CLIENT_CONTEXTS, context);
	}

	@Override
	public boolean test(Observation.Context context) {
		return isAny(this.types, context);
	}

	private static boolean isAny(Class<?>[] types, Observation.Context context) {
		for (Class<?> type : types) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		return false;
	}

	private static Class<?>[] present(String... names) {
		ClassLoader classLoader = TracedElsewhere.class.getClassLoader();
		List<Class<?>> types = new ArrayList<>();
		for (String name : names) {
			if (ClassUtils.isPresent(name, classLoader)) {
				types.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return types.toArray(Class<?>[]::new);
	}

}
