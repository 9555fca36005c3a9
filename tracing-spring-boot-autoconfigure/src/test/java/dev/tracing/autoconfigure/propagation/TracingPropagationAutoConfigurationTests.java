package dev.tracing.autoconfigure.propagation;

import java.util.HashMap;
import java.util.Map;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingPropagationAutoConfigurationTests {

	private static final SpanContext REMOTE = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
			"00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TracingPropagationAutoConfiguration.class, TracingAutoConfiguration.class));

	@Test
	void shouldPropagateW3cTraceContextAndBaggageByDefault() {
		this.contextRunner.run((context) -> {
			Map<String, String> headers = inject(context.getBean(ContextPropagators.class));
			assertThat(headers).containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
				.containsEntry("baggage", "tenant=acme")
				.doesNotContainKeys("b3", "uber-trace-id");
		});
	}

	@Test
	void shouldExtractWhatItInjects() {
		this.contextRunner.run((context) -> {
			TextMapPropagator propagator = context.getBean(ContextPropagators.class).getTextMapPropagator();
			Context extracted = propagator.extract(Context.root(), inject(context.getBean(ContextPropagators.class)),
					MapGetter.INSTANCE);
			assertThat(Span.fromContext(extracted).getSpanContext().getTraceId()).isEqualTo(REMOTE.getTraceId());
			assertThat(Span.fromContext(extracted).getSpanContext().isRemote()).isTrue();
			assertThat(Baggage.fromContext(extracted).getEntryValue("tenant")).isEqualTo("acme");
		});
	}

	@Test
	void shouldUseTheConfiguredFormatsOnly() {
		this.contextRunner.withPropertyValues("tracing.propagation.types=b3,jaeger").run((context) -> {
			Map<String, String> headers = inject(context.getBean(ContextPropagators.class));
			assertThat(headers).containsEntry("b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1")
				.containsKey("uber-trace-id")
				.doesNotContainKeys("traceparent", "baggage");
		});
	}

	@Test
	void shouldSupportB3MultipleHeaders() {
		this.contextRunner.withPropertyValues("tracing.propagation.types=b3multi")
			.run((context) -> assertThat(inject(context.getBean(ContextPropagators.class)))
				.containsEntry("X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736")
				.containsEntry("X-B3-SpanId", "00f067aa0ba902b7")
				.doesNotContainKey("b3"));
	}

	@Test
	void shouldPropagateNothingWhenNoTypeIsConfigured() {
		this.contextRunner.withPropertyValues("tracing.propagation.types=")
			.run((context) -> assertThat(inject(context.getBean(ContextPropagators.class))).isEmpty());
	}

	@Test
	void shouldBackOffWhenUserDefinesPropagators() {
		this.contextRunner.withUserConfiguration(UserPropagators.class)
			.run((context) -> assertThat(context.getBean(ContextPropagators.class))
				.isSameAs(context.getBean(UserPropagators.class).propagators));
	}

	@Test
	void shouldBeUsedByTheOpenTelemetryBean() {
		this.contextRunner.withPropertyValues("tracing.propagation.types=b3")
			.run((context) -> assertThat(context.getBean(io.opentelemetry.api.OpenTelemetry.class).getPropagators())
				.isSameAs(context.getBean(ContextPropagators.class)));
	}

	private static Map<String, String> inject(ContextPropagators propagators) {
		Map<String, String> headers = new HashMap<>();
		Context context = Context.root()
			.with(Span.wrap(REMOTE))
			.with(Baggage.builder().put("tenant", "acme").build());
		propagators.getTextMapPropagator().inject(context, headers, Map::put);
		return headers;
	}

	enum MapGetter implements TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPropagators {

		final ContextPropagators propagators = ContextPropagators.noop();

		@Bean
		ContextPropagators userPropagators() {
			return this.propagators;
		}

	}

}
