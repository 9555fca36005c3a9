package dev.tracing.autoconfigure.micrometer;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.testsupport.StartedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationHandlerGroup;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.observation.ClientRequestObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerTracingBridgeAutoConfigurationTests {

	private static final SpanContext UNSAMPLED = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
			"00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none")
		.withUserConfiguration(InMemoryExport.class);

	@Test
	void shouldBridgeMicrometerTracingToTheSdk() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OtelTracer.class)
				.hasSingleBean(Propagator.class)
				.hasSingleBean(DefaultTracingObservationHandler.class)
				.hasSingleBean(PropagatingSenderTracingObservationHandler.class)
				.hasSingleBean(PropagatingReceiverTracingObservationHandler.class);
		});
	}

	@Test
	void shouldPutMicrometerAndOpenTelemetrySpansInOneTrace() {
		this.contextRunner.run((context) -> {
			Tracer micrometer = context.getBean(Tracer.class);
			io.opentelemetry.api.trace.Tracer otel = context.getBean(io.opentelemetry.api.trace.Tracer.class);
			Span outer = otel.spanBuilder("otel-outer").startSpan();
			try (Scope ignored = outer.makeCurrent()) {
				io.micrometer.tracing.Span inner = micrometer.nextSpan().name("micrometer-inner").start();
				try (Tracer.SpanInScope scope = micrometer.withSpan(inner)) {
					otel.spanBuilder("otel-innermost").startSpan().end();
				}
				inner.end();
			}
			outer.end();
			InMemorySpanExporter exported = context.getBean(ExportedSpans.class).exporter();
			SpanData outerData = span(exported, "otel-outer");
			SpanData innerData = span(exported, "micrometer-inner");
			SpanData innermostData = span(exported, "otel-innermost");
			assertThat(innerData.getTraceId()).isEqualTo(outerData.getTraceId());
			assertThat(innerData.getParentSpanId()).isEqualTo(outerData.getSpanId());
			assertThat(innermostData.getParentSpanId()).isEqualTo(innerData.getSpanId());
		});
	}

	@Test
	void shouldTraceObservationsOnceWithSpringBootsObservationRegistry() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MicrometerTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationHandlerGroup.class);
				assertObservationMakesExactlyOneSpan(context);
			});
	}

	@Test
	void shouldRecordMetersWithTheObservationsSpanInScopeWithoutSpringBootsTracingModule() throws Exception {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MicrometerTracingAutoConfiguration.class))
			.withBean(SpanAtStop.class, SpanAtStop::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationHandlerGroup.class)
					.hasSingleBean(TracingAndMeterHandlerGroup.class);
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation observation = Observation.start("reactive-call", registry);
				// Stopped on another thread, where no span is current, as a WebClient response is
				java.util.concurrent.CompletableFuture.runAsync(observation::stop).join();
				SpanData span = span(context.getBean(ExportedSpans.class).exporter(), "reactive-call");
				assertThat(context.getBean(SpanAtStop.class).recorded).containsExactly("reactive-call " + span.getTraceId());
				// The tracing handlers are still grouped: one span for the observation
				assertThat(context.getBean(StartedSpans.class).list()).as("spans started").hasSize(1);
			});
	}

	@Test
	void shouldRecordMetersOfHttpObservationsWithTheStartersSpanAndNoTracingContextWhenUnsampled() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MicrometerTracingAutoConfiguration.class))
			.withBean(SpanAtStop.class, SpanAtStop::new)
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				ClientRequestObservationContext unsampledCall = clientCall();
				try (Scope ignored = Span.wrap(UNSAMPLED).makeCurrent()) {
					Observation.createNotStarted("http.client.requests", () -> unsampledCall, registry).observe(() -> {
					});
				}
				// Nothing to point an exemplar at: no tracing context, no span of the bridge, the meter recorded
				TracingContext none = unsampledCall.get(TracingContext.class);
				assertThat(none).isNull();
				Span ours = context.getBean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("GET /chain").startSpan();
				ClientRequestObservationContext sampledCall = clientCall();
				Observation observation;
				try (Scope ignored = ours.makeCurrent()) {
					observation = Observation.start("http.client.requests", () -> sampledCall, registry);
				}
				// Stopped on another thread, where no span is current: the meter still sees the starter's span
				java.util.concurrent.CompletableFuture.runAsync(observation::stop).join();
				ours.end();
				TracingContext sampled = sampledCall.getRequired(TracingContext.class);
				assertThat(sampled.getSpan()).isNotNull();
				assertThat(context.getBean(SpanAtStop.class).recorded).containsExactly(
						"http.client.requests " + UNSAMPLED.getTraceId(),
						"http.client.requests " + ours.getSpanContext().getTraceId());
				// The only span is the starter's: none of the bridge's
				assertThat(context.getBean(StartedSpans.class).list()).as("spans started").containsExactly("GET /chain");
			});
	}

	@Test
	void shouldClaimClientObservationsWhenClientsOnlyPropagate() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MicrometerTracingAutoConfiguration.class))
			.withBean(SpanAtStop.class, SpanAtStop::new)
			.withPropertyValues("tracing.http.client.spans=false")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Span caller = context.getBean(io.opentelemetry.api.trace.Tracer.class)
					.spanBuilder("GET /chain")
					.startSpan();
				ClientRequestObservationContext call = clientCall();
				try (Scope ignored = caller.makeCurrent()) {
					Observation.createNotStarted("http.client.requests", () -> call, registry).observe(() -> {
					});
				}
				caller.end();
				// No CLIENT span of the bridge, and no second injection over the starter's
				assertThat(context.getBean(StartedSpans.class).list()).as("spans started").containsExactly("GET /chain");
				assertThat(call.getCarrier().getHeaders().containsHeader("traceparent")).isFalse();
				// The meter still sees the caller's span, for its exemplar
				assertThat(context.getBean(SpanAtStop.class).recorded)
					.containsExactly("http.client.requests " + caller.getSpanContext().getTraceId());
			});
	}

	@Test
	void shouldGiveEveryHttpObservationATracingContextWhenAMeterHandlerRequiresOne() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MicrometerTracingAutoConfiguration.class))
			.withBean(SpanAtStop.class, SpanAtStop::new)
			.withBean("tracingAwareMeterHandler", TracingAwareMeterObservationHandler.class,
					() -> new TracingAwareMeterObservationHandler<>(new SpanAtStop(), Tracer.NOOP))
			.run(MicrometerTracingBridgeAutoConfigurationTests::assertUnsampledHttpObservationIsRecorded);
	}

	@Test
	void shouldGiveEveryHttpObservationATracingContextWithSpringBootsTracingModule() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withBean(SpanAtStop.class, SpanAtStop::new)
			.run((context) -> {
				assertThat(context.getBean(PassiveTracingObservationHandler.class).isContextRequired()).isTrue();
				assertUnsampledHttpObservationIsRecorded(context);
			});
	}

	// Micrometer's tracing-aware meter handler fails an observation that has no tracing context.
	private static void assertUnsampledHttpObservationIsRecorded(
			org.springframework.context.ApplicationContext context) {
		ClientRequestObservationContext call = clientCall();
		try (Scope ignored = Span.wrap(UNSAMPLED).makeCurrent()) {
			Observation.createNotStarted("http.client.requests", () -> call, context.getBean(ObservationRegistry.class))
				.observe(() -> {
				});
		}
		TracingContext empty = call.getRequired(TracingContext.class);
		assertThat(empty.getSpan()).isNull();
		assertThat(context.getBean(SpanAtStop.class).recorded)
			.containsExactly("http.client.requests " + UNSAMPLED.getTraceId());
	}

	private static ClientRequestObservationContext clientCall() {
		try {
			return new ClientRequestObservationContext(new SimpleClientHttpRequestFactory()
				.createRequest(java.net.URI.create("http://127.0.0.1:9/hello"), HttpMethod.GET));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void shouldLetSpringBootsTracingModuleGroupOurHandlers() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(DefaultTracingObservationHandler.class);
				assertObservationMakesExactlyOneSpan(context);
			});
	}

	@Test
	void shouldBackOffWhenUserDefinesTracer() {
		this.contextRunner.withBean("userTracer", Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP));
	}

	@Test
	void shouldBackOffWhenTheBridgeIsNotOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtelTracer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Tracer.class));
	}

	@Test
	void shouldNotBridgeWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Tracer.class).doesNotHaveBean(Propagator.class));
	}

	private static void assertObservationMakesExactlyOneSpan(
			org.springframework.context.ApplicationContext context) {
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		InMemorySpanExporter exported = context.getBean(ExportedSpans.class).exporter();
		Observation.createNotStarted("checkout", registry).observe(() -> {
		});
		// A sender context is supported by both the default and the sending handler: only grouping keeps it to one.
		java.util.Map<String, String> carrier = new java.util.HashMap<>();
		Observation
			.createNotStarted("call-downstream",
					() -> new SenderContext<java.util.Map<String, String>>((map, key, value) -> map.put(key, value)) {
						{
							setCarrier(carrier);
						}
					}, registry)
			.observe(() -> {
			});
		assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("checkout", "call-downstream");
		// Ungrouped, a second handler would replace the span whose id was sent downstream.
		SpanData sent = span(exported, "call-downstream");
		assertThat(carrier.get("traceparent")).contains(sent.getTraceId() + "-" + sent.getSpanId());
		assertThat(context.getBean(StartedSpans.class).list()).as("spans started").hasSize(2);
	}

	private static SpanData span(InMemorySpanExporter exporter, String name) {
		return exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryExport {

		// Not a SpanExporter bean: the starter's batch processor would export every span to it a second time.
		@Bean
		ExportedSpans exportedSpans() {
			return new ExportedSpans(InMemorySpanExporter.create());
		}

		@Bean
		SpanProcessor inMemorySpanProcessor(ExportedSpans spans) {
			return SimpleSpanProcessor.create(spans.exporter());
		}

		@Bean
		StartedSpans startedSpans() {
			return StartedSpans.names();
		}

	}

	record ExportedSpans(InMemorySpanExporter exporter) {
	}

	/**
	 * A meter handler that notes the trace current when it records, as the Prometheus registry's exemplar sampler
	 * reads it: {@code name traceId}, the trace id all zeros where no span is current.
	 */
	static class SpanAtStop implements io.micrometer.core.instrument.observation.MeterObservationHandler<Observation.Context> {

		final java.util.List<String> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.recorded.add(context.getName() + " " + Span.current().getSpanContext().getTraceId());
		}

	}

}
