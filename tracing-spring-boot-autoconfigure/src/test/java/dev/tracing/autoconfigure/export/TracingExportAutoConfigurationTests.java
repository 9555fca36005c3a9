package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.export.DeferredSpanExporter;
import dev.tracing.export.SpanLogLineExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TracingExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TracingExportAutoConfiguration.class, TracingAutoConfiguration.class));

	@Test
	void shouldExportOtlpOverHttpByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class).doesNotHaveBean(OtlpGrpcSpanExporter.class);
			assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
				.contains("endpoint=http://localhost:4318/v1/traces")
				.contains("compressorEncoding=null")
				.contains("timeoutNanos=10000000000")
				.contains("memoryMode=REUSABLE_DATA");
		});
	}

	@Test
	void shouldApplyOtlpHttpProperties() {
		this.contextRunner
			.withPropertyValues("tracing.export.otlp.endpoint=https://otlp.example.com/otlp",
					"tracing.export.otlp.compression=gzip", "tracing.export.otlp.timeout=3s",
					"tracing.export.otlp.headers.x-api-key=secret")
			.run((context) -> assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
				.contains("endpoint=https://otlp.example.com/otlp/v1/traces")
				.contains("compressorEncoding=gzip")
				.contains("timeoutNanos=3000000000")
				.contains("x-api-key=OBFUSCATED"));
	}

	@Test
	void shouldUseTheTracesEndpointAsGivenOverTheBaseEndpoint() {
		this.contextRunner
			.withPropertyValues("tracing.export.otlp.endpoint=https://otlp.example.com",
					"tracing.export.otlp.traces-endpoint=https://traces.example.com/custom")
			.run((context) -> assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
				.contains("endpoint=https://traces.example.com/custom,"));
		this.contextRunner
			.withPropertyValues("tracing.export.otlp.protocol=grpc",
					"tracing.export.otlp.traces-endpoint=https://traces.example.com:4317")
			.run((context) -> assertThat(context.getBean(OtlpGrpcSpanExporter.class).toString())
				.contains("endpoint=https://traces.example.com:4317"));
	}

	@Test
	void shouldExportOverGrpcWhenAsked() {
		this.contextRunner.withPropertyValues("tracing.export.otlp.protocol=grpc").run((context) -> {
			assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class).doesNotHaveBean(OtlpHttpSpanExporter.class);
			assertThat(context.getBean(OtlpGrpcSpanExporter.class).toString())
				.contains("endpoint=http://localhost:4317")
				.contains("memoryMode=REUSABLE_DATA");
		});
	}

	@Test
	void shouldAcceptEverySpellingOfTheProtocol() {
		for (String spelling : new String[] { "http/protobuf", "HTTP_PROTOBUF", "http-protobuf" }) {
			this.contextRunner.withPropertyValues("tracing.export.otlp.protocol=" + spelling)
				.run((context) -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class));
		}
		this.contextRunner.withPropertyValues("tracing.export.otlp.protocol=GRPC")
			.run((context) -> assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class));
	}

	@Test
	void shouldLogSpansWhenTypeIsLogging() {
		this.contextRunner.withPropertyValues("tracing.export.type=logging").run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).hasSingleBean(SpanLogLineExporter.class);
			assertThat(context).hasSingleBean(dev.tracing.export.BoundedBatchSpanProcessor.class);
		});
	}

	@Test
	void shouldRecordButExportNothingWhenTypeIsNone() {
		this.contextRunner.withPropertyValues("tracing.export.type=none").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExporter.class).doesNotHaveBean(SpanProcessor.class);
			assertThat(context).hasSingleBean(SdkTracerProvider.class);
		});
	}

	@Test
	void shouldBackOffWhenOtlpExporterIsNotOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtlpHttpSpanExporter.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void shouldNotExportWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void shouldConfigureTheOtlpExporterAtStartUpAndBuildItOnItsFirstExportWithoutSpringBootsOtlpModule() {
		ApplicationContextRunner starterAlone = this.contextRunner
			.withClassLoader(new FilteredClassLoader(OtlpTracingAutoConfiguration.class));
		starterAlone.run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).doesNotHaveBean(OtlpHttpSpanExporter.class);
			DeferredSpanExporter deferred = context.getBean(DeferredSpanExporter.class);
			assertThat(deferred.getExporterType()).isEqualTo(OtlpHttpSpanExporter.class);
			assertThat(deferred).hasToString("OtlpHttpSpanExporter (built on the first export)");
			assertThat(deferred.getExporter().toString()).contains("endpoint=http://localhost:4318/v1/traces")
				.contains("memoryMode=REUSABLE_DATA");
		});
		starterAlone.withPropertyValues("tracing.export.otlp.protocol=grpc").run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).doesNotHaveBean(OtlpGrpcSpanExporter.class);
			DeferredSpanExporter deferred = context.getBean(DeferredSpanExporter.class);
			assertThat(deferred.getExporterType()).isEqualTo(OtlpGrpcSpanExporter.class);
			assertThat(deferred.getExporter().toString()).contains("endpoint=http://localhost:4317");
		});
		starterAlone.withPropertyValues("tracing.export.otlp.endpoint=not a url")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void shouldBuildTheOtlpExporterAsItsOwnTypeWhenSpringBootsOtlpModuleIsPresent() {
		// Spring Boot's exporter backs off only for a bean of OtlpHttpSpanExporter's or OtlpGrpcSpanExporter's type.
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SpanExporter.class)
			.hasSingleBean(OtlpHttpSpanExporter.class)
			.doesNotHaveBean(DeferredSpanExporter.class));
	}

	@Test
	void shouldMakeSpringBootsOtlpExporterBackOffWhateverItsEndpointAndTransport() {
		ApplicationContextRunner withBoot = this.contextRunner
			.withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class))
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://boot.invalid:4318/v1/traces",
					"tracing.export.otlp.endpoint=http://ours.example.com:4318");
		withBoot.run((context) -> {
			assertThat(context).hasSingleBean(OtlpTracingConnectionDetails.class);
			assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("otlpHttpSpanExporter");
			assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
				.contains("endpoint=http://ours.example.com:4318/v1/traces")
				.contains("memoryMode=REUSABLE_DATA");
		});
		withBoot.withPropertyValues("management.opentelemetry.tracing.export.otlp.transport=grpc").run((context) -> {
			assertThat(context).hasSingleBean(OtlpTracingConnectionDetails.class);
			assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("otlpHttpSpanExporter");
		});
		withBoot.withPropertyValues("tracing.export.otlp.protocol=grpc").run((context) -> {
			assertThat(context).hasSingleBean(OtlpTracingConnectionDetails.class);
			assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("otlpGrpcSpanExporter");
			assertThat(context.getBean(OtlpGrpcSpanExporter.class).toString())
				.contains("endpoint=http://ours.example.com:4318");
		});
	}

	@Test
	void shouldFailWithTheBundleNameWhenTheSslBundleDoesNotExist() {
		this.contextRunner.withPropertyValues("tracing.export.otlp.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tracing.export.otlp.ssl.bundle")
				.hasMessageContaining("missing"));
	}

}
