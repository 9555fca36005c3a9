package dev.tracing.autoconfigure.micrometer;

import java.util.List;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationHandlerGroup;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the Micrometer Tracing bridge over our OpenTelemetry SDK: code written against Micrometer's
 * {@link Tracer} or {@code Observation} API and code written against the OpenTelemetry API land in the same trace.
 * <p>
 * Runs before Spring Boot's Micrometer Tracing auto-configurations, which back off for each bean defined here. The
 * handler orders are Spring Boot's, so that Boot's handler grouping treats ours as its own.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, beforeName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration" })
@ConditionalOnClass(OtelTracer.class)
@ConditionalOnTracingEnabled
@ConditionalOnBean(io.opentelemetry.api.trace.Tracer.class)
public final class MicrometerTracingBridgeAutoConfiguration {

	static final String BOOT_TRACING_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";

	static final int DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	static final int RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER = 1000;

	static final int PASSIVE_TRACING_OBSERVATION_HANDLER_ORDER = RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 1;

	static final int SENDER_TRACING_OBSERVATION_HANDLER_ORDER = 2000;

	@Bean
	@ConditionalOnMissingBean
	OtelCurrentTraceContext otelCurrentTraceContext() {
		return new OtelCurrentTraceContext();
	}

	// The MDC is kept by our context storage for every API, so no Slf4JEventListener is registered here.
	@Bean
	@ConditionalOnMissingBean
	OtelTracer.EventPublisher otelTracerEventPublisher(ObjectProvider<EventListener> listeners) {
		return new ListenersEventPublisher(listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean(Tracer.class)
	OtelTracer micrometerOtelTracer(io.opentelemetry.api.trace.Tracer tracer,
			OtelCurrentTraceContext currentTraceContext, OtelTracer.EventPublisher eventPublisher) {
		return new OtelTracer(tracer, currentTraceContext, eventPublisher,
				new OtelBaggageManager(currentTraceContext, List.of(), List.of()));
	}

	@Bean
	@ConditionalOnMissingBean(Propagator.class)
	OtelPropagator otelPropagator(ContextPropagators propagators, io.opentelemetry.api.trace.Tracer tracer) {
		return new OtelPropagator(propagators, tracer);
	}

	// Handlers skip Spring's HTTP observations: our filter and clients trace them, or nothing does when switched off.
	@Bean
	TracedElsewhere tracingTracedElsewhere() {
		return TracedElsewhere.starterOwned();
	}

	// First among the tracing handlers: the one that handles Spring's HTTP observations, passively. Spring Boot's
	// tracing module wraps every meter handler in Micrometer's tracing-aware one, which requires a tracing context on
	// every observation; without that module, the starter's group wraps them in one that does not.
	@Bean
	@Order(PASSIVE_TRACING_OBSERVATION_HANDLER_ORDER)
	PassiveTracingObservationHandler passiveTracingObservationHandler(Tracer tracer,
			TracedElsewhere tracedElsewhere, ConfigurableListableBeanFactory beanFactory) {
		return new PassiveTracingObservationHandler(tracer, tracedElsewhere,
				ClassUtils.isPresent(BOOT_TRACING_AUTO_CONFIGURATION, beanFactory.getBeanClassLoader()));
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER)
	DefaultTracingObservationHandler defaultTracingObservationHandler(Tracer tracer) {
		return new DefaultTracingObservationHandler(tracer);
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(SENDER_TRACING_OBSERVATION_HANDLER_ORDER)
	PropagatingSenderTracingObservationHandler<?> propagatingSenderTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new PropagatingSenderTracingObservationHandler<>(tracer, propagator);
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	PropagatingReceiverTracingObservationHandler<?> propagatingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new PropagatingReceiverTracingObservationHandler<>(tracer, propagator);
	}

	/**
	 * Without Spring Boot's Micrometer Tracing module, nothing groups the tracing handlers: each observation would
	 * reach all three and open three spans. The group makes the first matching handler the only one; with
	 * Micrometer's meters, it also records them with the observation's span in scope, for exemplars.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationHandlerGroup.class)
	@ConditionalOnMissingClass(BOOT_TRACING_AUTO_CONFIGURATION)
	static class ObservationHandlerGroupConfiguration {

		@Bean
		@ConditionalOnMissingClass("io.micrometer.core.instrument.observation.MeterObservationHandler")
		ObservationHandlerGroup tracingObservationHandlerGroup() {
			return ObservationHandlerGroup.of(TracingObservationHandler.class);
		}

		@Bean
		@ConditionalOnClass(name = "io.micrometer.core.instrument.observation.MeterObservationHandler")
		TracingAndMeterHandlerGroup tracingAndMeterObservationHandlerGroup(Tracer tracer) {
			return new TracingAndMeterHandlerGroup(tracer);
		}

	}

}
