package dev.tracing.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * One test per precedence rule, each with a real {@code SpringApplication} whose process environment is replaced by
 * the test's variables: explicit {@code tracing.*} (from any property source, {@code TRACING_*} variables included)
 * over {@code OTEL_*} over the defaults.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtelEnvironmentPrecedenceTests {

	private final Map<String, Object> variables = new HashMap<>();

	@Test
	void otelVariablesShouldWinOverDefaults() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.observability:4318/otlp");
		this.variables.put("OTEL_TRACES_SAMPLER", "traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.5");
		this.variables.put("OTEL_PROPAGATORS", "b3multi");
		this.variables.put("OTEL_SPAN_EVENT_COUNT_LIMIT", "7");
		try (ConfigurableApplicationContext context = run()) {
			TracingProperties properties = context.getBean(TracingProperties.class);
			assertThat(properties.getExport().getOtlp().getEndpoint()).isEqualTo("http://collector.observability:4318/otlp");
			assertThat(properties.getSampling().getRatio()).isEqualTo(0.5);
			assertThat(properties.getSampling().isParentBased()).isFalse();
			assertThat(properties.getPropagation().getTypes()).containsExactly(TracingProperties.PropagationType.B3MULTI);
			SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
			assertThat(provider.getSampler().getDescription()).isEqualTo("TraceIdRatioBased{0.500000}");
			assertThat(provider.getSpanLimits().getMaxNumberOfEvents()).isEqualTo(7);
		}
	}

	@Test
	void applicationPropertiesShouldWinOverOtelVariables() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-otel:4318");
		this.variables.put("OTEL_TRACES_SAMPLER", "always_off");
		try (ConfigurableApplicationContext context = run("--tracing.export.otlp.endpoint=http://from-args:4318",
				"--tracing.sampling.ratio=0.75")) {
			TracingProperties properties = context.getBean(TracingProperties.class);
			assertThat(properties.getExport().getOtlp().getEndpoint()).isEqualTo("http://from-args:4318");
			assertThat(properties.getSampling().getRatio()).isEqualTo(0.75);
			assertThat(properties.getSampling().isParentBased()).as("the sampler variable is not read at all").isTrue();
		}
	}

	@Test
	void springBootsOwnTracingKeysShouldWinOverOtelVariables() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-otel:4318");
		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.7");
		try (ConfigurableApplicationContext context = run("--management.tracing.sampling.probability=0.3",
				"--management.otlp.tracing.endpoint=http://from-boot-key:4318/v1/traces")) {
			TracingProperties properties = context.getBean(TracingProperties.class);
			assertThat(properties.getSampling().getRatio()).isEqualTo(0.3);
			assertThat(properties.getExport().getOtlp().getEndpoint()).isEqualTo("http://from-boot-key:4318/v1/traces");
		}
	}

	@Test
	void defaultPropertiesShouldWinOverOtelVariables() {
		this.variables.put("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
		try (ConfigurableApplicationContext context = builder().properties("tracing.export.otlp.compression=gzip")
			.run()) {
			assertThat(context.getBean(TracingProperties.class).getExport().getOtlp().getCompression())
				.isEqualTo(TracingProperties.OtlpCompression.GZIP);
		}
	}

	@Test
	void tracingEnvironmentVariablesShouldWinOverOtelVariables() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-otel:4318");
		this.variables.put("TRACING_EXPORT_OTLP_ENDPOINT", "http://from-tracing-variable:4318");
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "100");
		this.variables.put("TRACING_EXPORT_BATCH_MAXQUEUESIZE", "600");
		try (ConfigurableApplicationContext context = run()) {
			TracingProperties properties = context.getBean(TracingProperties.class);
			assertThat(properties.getExport().getOtlp().getEndpoint()).isEqualTo("http://from-tracing-variable:4318");
			assertThat(properties.getExport().getBatch().getMaxQueueSize()).isEqualTo(600);
		}
	}

	@Test
	void perSignalVariablesShouldWinOverGenericOnes() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom");
		this.variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "2000");
		try (ConfigurableApplicationContext context = run()) {
			TracingProperties.Otlp otlp = context.getBean(TracingProperties.class).getExport().getOtlp();
			assertThat(otlp.getTracesEndpoint()).isEqualTo("http://traces:4318/custom");
			assertThat(otlp.getEndpoint()).isNull();
			assertThat(otlp.getTimeout()).hasMillis(2000);
		}
	}

	@Test
	void headersShouldMergeWithExplicitOnesWinningPerName() {
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=from-otel,tenant=acme%2Cglobex");
		try (ConfigurableApplicationContext context = run("--tracing.export.otlp.headers.api-key=from-args")) {
			assertThat(context.getBean(TracingProperties.class).getExport().getOtlp().getHeaders())
				.containsOnly(Map.entry("api-key", "from-args"), Map.entry("tenant", "acme,globex"));
		}
	}

	@Test
	void sdkDisabledShouldTurnTracingOff() {
		this.variables.put("OTEL_SDK_DISABLED", "true");
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.containsBean("tracingSdkTracerProvider")).isFalse();
		}
	}

	@Test
	void tracingEnabledShouldWinOverSdkDisabled() {
		this.variables.put("OTEL_SDK_DISABLED", "true");
		try (ConfigurableApplicationContext context = run("--tracing.enabled=true")) {
			assertThat(context.containsBean("tracingSdkTracerProvider")).isTrue();
		}
	}

	@Test
	void shouldIgnoreMalformedVariablesWhenTracingIsDisabledByProperty() {
		this.variables.put("OTEL_TRACES_SAMPLER", "sometimes");
		try (ConfigurableApplicationContext context = run("--tracing.enabled=false")) {
			assertThat(context.containsBean("tracingSdkTracerProvider")).isFalse();
		}
	}

	@Test
	void malformedVariableShouldStopStartUpNamingIt(CapturedOutput output) {
		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "ten percent");
		assertThatException().isThrownBy(this::run).isInstanceOf(OtelEnvironmentException.class);
		assertThat(output).contains("Invalid OpenTelemetry environment variable:")
			.contains("Variable: OTEL_TRACES_SAMPLER_ARG")
			.contains("Value: \"ten percent\"")
			.contains("Allowed: a number from 0.0 to 1.0");
	}

	@Test
	void mappedValueRejectedByValidationShouldNameTheVariable(CapturedOutput output) {
		this.variables.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "5000");
		assertThatException().isThrownBy(this::run);
		assertThat(output).contains("Property: tracing.export.batch.max-batch-size")
			.contains("Origin: OpenTelemetry environment variable OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
	}

	private ConfigurableApplicationContext run(String... args) {
		return builder().run(args);
	}

	private SpringApplicationBuilder builder() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, this.variables));
		return new SpringApplicationBuilder(Config.class).environment(environment)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "tracing.service-name=precedence");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
