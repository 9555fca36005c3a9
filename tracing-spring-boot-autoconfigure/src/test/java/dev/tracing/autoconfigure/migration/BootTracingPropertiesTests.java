package dev.tracing.autoconfigure.migration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tracing.autoconfigure.TracerProviderCustomizer;
import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.testsupport.StartedSpans;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BootTracingProperties} and its environment post-processor: Spring Boot's tracing keys with the
 * starter present.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootTracingPropertiesTests {

	@Test
	void shouldMapSpringBootKeysOntoTracingKeys() {
		BootTracingProperties result = BootTracingProperties.of(environment(Map.of(
				"management.tracing.sampling.probability", "0.25",
				"management.otlp.tracing.endpoint", "http://collector:4318/v1/traces",
				"management.otlp.tracing.headers.api-key", "secret",
				"management.otlp.tracing.transport", "grpc",
				"management.tracing.propagation.type[0]", "W3C",
				"management.tracing.propagation.type[1]", "B3",
				"management.opentelemetry.resource-attributes.team", "payments",
				"management.opentelemetry.tracing.export.schedule-delay", "2s",
				"management.tracing.export.enabled", "false")));
		assertThat(result.mapped()).containsOnly(Map.entry("tracing.sampling.ratio", "0.25"),
				Map.entry("tracing.export.otlp.endpoint", "http://collector:4318/v1/traces"),
				Map.entry("tracing.export.otlp.headers.api-key", "secret"),
				Map.entry("tracing.export.otlp.protocol", "grpc"),
				Map.entry("tracing.propagation.types", "tracecontext,baggage,b3"),
				Map.entry("tracing.resource.attributes.team", "payments"),
				Map.entry("tracing.export.batch.schedule-delay", "2s"), Map.entry("tracing.export.type", "none"));
		assertThat(result.reports()).isEmpty();
	}

	@Test
	void shouldReportWhatItCannotApplyNamingTheKeyAndItsOrigin() {
		BootTracingProperties result = BootTracingProperties.of(environment(Map.of(
				"management.tracing.export.zipkin.endpoint", "http://zipkin:9411",
				"management.tracing.baggage.remote-fields", "tenant",
				"management.opentelemetry.tracing.sampler", "always-on",
				"management.tracing.enabled", "false",
				"management.tracing.shiny-new-key", "x")));
		assertThat(result.mapped()).isEmpty();
		assertThat(result.reports()).hasSize(5)
			.anySatisfy((line) -> assertThat(line).startsWith("management.tracing.export.zipkin.endpoint (")
				.contains("from property source \"test application.yml\"")
				.endsWith("): not used with the tracing starter; the starter exports OTLP only (tracing.export.*)"))
			.anySatisfy((line) -> assertThat(line).startsWith("management.tracing.baggage.remote-fields")
				.contains("tracing.propagation.types"))
			.anySatisfy((line) -> assertThat(line).startsWith("management.opentelemetry.tracing.sampler")
				.contains("tracing.sampling.ratio"))
			.anySatisfy((line) -> assertThat(line).startsWith("management.tracing.enabled").contains("tracing.enabled"))
			.anySatisfy((line) -> assertThat(line).startsWith("management.tracing.shiny-new-key")
				.contains("not a Spring Boot setting the tracing starter knows"));
	}

	@Test
	void shouldLeaveToSpringBootWhatItStillHonours() {
		BootTracingProperties result = BootTracingProperties.of(environment(Map.of(
				"management.tracing.exemplars.include", "all",
				"management.opentelemetry.logging.export.otlp.endpoint", "http://collector:4318/v1/logs")));
		assertThat(result.mapped()).isEmpty();
		assertThat(result.reports()).isEmpty();
	}

	@Test
	void shouldLetAnExplicitTracingKeyWin() {
		BootTracingProperties result = BootTracingProperties.of(environment(Map.of(
				"management.tracing.sampling.probability", "0.25", "tracing.sampling.ratio", "0.9")));
		assertThat(result.mapped()).isEmpty();
		assertThat(result.reports()).singleElement()
			.satisfies((line) -> assertThat(line).contains("tracing.sampling.ratio is set and wins"));
	}

	@Test
	void shouldReadSpringBootKeysFromEnvironmentVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.5")));
		assertThat(BootTracingProperties.of(environment).mapped()).containsEntry("tracing.sampling.ratio", "0.5");
	}

	@Test
	void shouldApplyMappedKeysAndSpringBootsCustomizersInARunningApplication(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("tracing.export.type=none", "management.opentelemetry.resource-attributes.team=payments",
					"management.tracing.export.zipkin.endpoint=http://zipkin:9411")
			.run()) {
			assertThat(context.getBean(TracingProperties.class).getResource().getAttributes())
				.containsEntry("team", "payments");
			context.getBean(Tracer.class).spanBuilder("work").startSpan().end();
			assertThat(context.getBean(Application.class).started).containsExactly("ours:work", "boot:work");
		}
		assertThat(output).contains("Spring Boot tracing settings the tracing starter does not apply:")
			.contains("management.tracing.export.zipkin.endpoint");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test application.yml", new LinkedHashMap<>(properties)));
		return environment;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();

		// Spring Boot's customizer type, as an application that used Boot's tracing has it
		@Bean
		SdkTracerProviderBuilderCustomizer bootCustomizer() {
			return (builder) -> builder.addSpanProcessor(recording("boot"));
		}

		@Bean
		TracerProviderCustomizer ourCustomizer() {
			return (builder) -> builder.addSpanProcessor(recording("ours"));
		}

		private SpanProcessor recording(String who) {
			return StartedSpans.labelled(who, this.started);
		}

	}

}
