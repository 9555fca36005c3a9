package dev.tracing.autoconfigure.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Whether anything in the application consumes Spring's HTTP server and client observations; when nothing does, they
 * are made no-ops (as an {@link ObservationPredicate}), so that a request pays for no observation.
 * <p>
 * An observation is consumed by its handlers. Every handler bean that is not a tracing handler consumes it (a meter
 * handler, which Spring Boot registers with a meter registry and which feeds exemplars; an application's own handler).
 * The tracing handlers consume none of them while the starter's tracing is on: its filter and clients trace them, or
 * leave them untraced where {@code tracing.http.*} switches them off ({@link TracedElsewhere}), and the passive handler
 * claims them and does nothing the application can see. Handlers registered without a bean (by an
 * {@code ObservationRegistryCustomizer}) are not seen: an application that adds one declares it as a bean instead.
 * <p>
 * Decided once, on the first HTTP observation or the first question, when every bean definition is known.
 */
final class HttpObservationConsumers implements ObservationPredicate {

	private static final String TRACING_HANDLER = "io.micrometer.tracing.handler.TracingObservationHandler";

	private final SingletonSupplier<Decision> decision;

	HttpObservationConsumers(ListableBeanFactory beanFactory, ObjectProvider<TracedElsewhere> tracedElsewhere) {
		this.decision = SingletonSupplier.of(() -> Decision.of(beanFactory, tracedElsewhere.getIfAvailable()));
	}

	/**
	 * Whether anything consumes Spring's HTTP server observations.
	 * @return whether Spring's server observation filter is worth running
	 */
	boolean server() {
		return this.decision.obtain().server;
	}

	/**
	 * Whether anything consumes Spring's HTTP client observations.
	 * @return whether client observations are worth creating
	 */
	boolean client() {
		return this.decision.obtain().client;
	}

	@Override
	public boolean test(String name, Observation.@Nullable Context context) {
		if (context == null) {
			return true;
		}
		if (TracedElsewhere.isServerContext(context)) {
			return server();
		}
		if (TracedElsewhere.isClientContext(context)) {
			return client();
		}
		return true;
	}

	private record Decision(boolean server, boolean client) {

		static Decision of(ListableBeanFactory beanFactory, @Nullable TracedElsewhere tracedElsewhere) {
			ClassLoader classLoader = HttpObservationConsumers.class.getClassLoader();
			Class<?> tracingHandler = ClassUtils.isPresent(TRACING_HANDLER, classLoader)
					? ClassUtils.resolveClassName(TRACING_HANDLER, classLoader) : null;
			boolean tracing = false;
			for (String name : beanFactory.getBeanNamesForType(ObservationHandler.class, true, false)) {
				if (tracingHandler == null || !beanFactory.isTypeMatch(name, tracingHandler)) {
					return new Decision(true, true);
				}
				tracing = true;
			}
			// Tracing handlers alone consume them only when the starter does not claim them
			boolean consumed = tracing && tracedElsewhere == null;
			return new Decision(consumed, consumed);
		}

	}

}
