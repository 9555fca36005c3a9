package dev.tracing.autoconfigure;

import java.util.stream.Stream;

import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class TracingPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class));

	static Stream<Arguments> badValues() {
		return Stream.of(Arguments.of("tracing.sampling.ratio", "1.5", "between 0.0 and 1.0"),
				Arguments.of("tracing.sampling.ratio", "-0.1", "between 0.0 and 1.0"),
				Arguments.of("tracing.export.otlp.endpoint", "not a url", "http:// or https:// URL"),
				Arguments.of("tracing.export.otlp.endpoint", "ftp://collector:21", "http:// or https:// URL"),
				Arguments.of("tracing.export.batch.max-queue-size", "-5", "greater than 0"),
				Arguments.of("tracing.export.batch.max-batch-size", "0", "greater than 0"),
				Arguments.of("tracing.export.batch.schedule-delay", "-1s", "positive duration"),
				Arguments.of("tracing.export.otlp.timeout", "0s", "positive duration"),
				Arguments.of("tracing.export.otlp.protocol", "http/json", "one of 'http/protobuf', 'grpc'"),
				Arguments.of("tracing.export.type", "zipkin", "one of 'otlp', 'logging', 'none'"),
				Arguments.of("tracing.propagation.types", "tracecontext,xray", "one of 'tracecontext', 'baggage'"),
				Arguments.of("tracing.export.otlp.compression", "brotli", "one of 'none', 'gzip'"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("badValues")
	void shouldFailStartupNamingThePropertyTheValueAndWhatIsAllowed(String property, String value, String allowed) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TracingPropertiesFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + property)
				.contains("Value: \"" + value + "\"")
				.contains("Allowed: ")
				.contains(allowed);
			assertThat(analysis.getAction()).contains(property);
		});
	}

	@Test
	void shouldRejectABatchLargerThanTheQueue() {
		this.contextRunner
			.withPropertyValues("tracing.export.batch.max-queue-size=10", "tracing.export.batch.max-batch-size=20")
			.run((context) -> assertThat(
					new TracingPropertiesFailureAnalyzer(null).analyze(context.getStartupFailure()).getDescription())
				.contains("Property: tracing.export.batch.max-batch-size")
				.contains("must not be greater than tracing.export.batch.max-queue-size (10)"));
	}

	@Test
	void shouldAcceptTheBoundariesAndDefaults() {
		this.contextRunner.withPropertyValues("tracing.sampling.ratio=0", "tracing.export.type=none")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner
			.withPropertyValues("tracing.sampling.ratio=1", "tracing.export.otlp.endpoint=https://collector:4318")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldReportTheAnalysisWhenARealApplicationFailsToStart(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--tracing.sampling.ratio=1.5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid tracing configuration")
			.contains("Property: tracing.sampling.ratio")
			.contains("Value: \"1.5\"")
			.contains("must be between 0.0 and 1.0");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
			TracingPropagationAutoConfiguration.class })
	static class MinimalApplication {

	}

}
