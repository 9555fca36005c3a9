package dev.tracing.autoconfigure;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.micrometer.MicrometerTracingBridgeAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.export.DeferredSpanExporter;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.ReceivedSpans.ReceivedSpan;
import dev.tracing.testsupport.SelfSignedCertificate;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports through the real SDK and OTLP exporter to a real HTTP receiver on loopback, and decodes what arrived.
 */
class OtlpHttpExportIntegrationTests {

	@RegisterExtension
	final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class))
		.withPropertyValues(this.receiver.exportProperties())
		.withPropertyValues("spring.application.name=checkout", "tracing.service-version=2.1.0",
				"tracing.resource.attributes.team=payments");

	@Test
	void shouldExportSpansOfBothApisInOneTraceWithTheResource() {
		this.contextRunner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			io.micrometer.tracing.Tracer micrometer = context.getBean(io.micrometer.tracing.Tracer.class);
			Span parent = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
			try (Scope ignored = parent.makeCurrent()) {
				io.micrometer.tracing.Span child = micrometer.nextSpan().name("load-order").start();
				child.tag("order.id", "42");
				child.end();
			}
			parent.end();
			ReceivedSpans spans = this.receiver.awaitSpans(2);
			ReceivedSpan server = spans.named("GET /orders/{id}");
			ReceivedSpan child = spans.named("load-order");
			assertThat(child.traceId()).isEqualTo(server.traceId()).hasSize(32).isNotEqualTo("0".repeat(32));
			assertThat(child.parentSpanId()).isEqualTo(server.spanId());
			assertThat(server.parentSpanId()).isEmpty();
			assertThat(server.span().getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(child.attributes()).containsEntry("order.id", "42");
			assertThat(server.scope()).isEqualTo("dev.tracing");
			assertThat(server.resourceAttributes()).containsEntry("service.name", "checkout")
				.containsEntry("service.version", "2.1.0")
				.containsEntry("deployment.environment.name", "development")
				.containsEntry("team", "payments")
				.containsEntry("telemetry.sdk.language", "java")
				.containsEntry("process.pid", Long.toString(ProcessHandle.current().pid()))
				.containsKey("host.name");
			OtlpHttpReceiver.Received request = this.receiver.requests().get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/v1/traces");
			assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		});
	}

	@Test
	void shouldDeliverTheFirstSpanThroughTheExporterBuiltOnItsFirstExport() {
		// Without Spring Boot's OTLP tracing module, as with the starter alone.
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtlpTracingAutoConfiguration.class))
			.run((context) -> {
				DeferredSpanExporter exporter = context.getBean(DeferredSpanExporter.class);
				assertThat(exporter).hasToString("OtlpHttpSpanExporter (built on the first export)");
				context.getBean(Tracer.class).spanBuilder("first").setSpanKind(SpanKind.SERVER).startSpan().end();
				assertThat(this.receiver.awaitSpans(1).names()).containsExactly("first");
				assertThat(exporter.toString()).startsWith("OtlpHttpSpanExporter{")
					.contains("endpoint=" + this.receiver.baseUrl());
			});
	}

	@Test
	void shouldExportWhereTheStarterSaysWithSpringBootsOtlpExporterBackingOff() {
		// Spring Boot's OTLP module with an endpoint of its own: its connection details exist, its exporter backs off.
		this.contextRunner.withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class))
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://boot.invalid:4318/v1/traces")
			.run((context) -> {
				assertThat(context).hasSingleBean(OtlpTracingConnectionDetails.class)
					.doesNotHaveBean(DeferredSpanExporter.class);
				assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("otlpHttpSpanExporter");
				assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
					.contains("endpoint=" + this.receiver.baseUrl() + "/v1/traces");
				context.getBean(Tracer.class).spanBuilder("first").setSpanKind(SpanKind.SERVER).startSpan().end();
				assertThat(this.receiver.awaitSpans(1).names()).containsExactly("first");
			});
	}

	@Test
	void shouldSendConfiguredHeadersAndCompressWithGzip() {
		this.contextRunner
			.withPropertyValues("tracing.export.otlp.headers.x-honeycomb-team=key-123",
					"tracing.export.otlp.compression=gzip")
			.run((context) -> {
				context.getBean(Tracer.class).spanBuilder("compressed").startSpan().end();
				this.receiver.awaitSpans(1);
				OtlpHttpReceiver.Received request = this.receiver.requests().get(0);
				assertThat(request.header("x-honeycomb-team")).isEqualTo("key-123");
				assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
				assertThat(request.rawBody()).startsWith((byte) 0x1f, (byte) 0x8b);
			});
	}

	@Test
	void shouldFlushPendingSpansWhenTheContextCloses() {
		// With an hour between scheduled exports, only the flush on close can deliver these spans.
		this.contextRunner.withPropertyValues("tracing.export.batch.schedule-delay=1h").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			for (int i = 0; i < 3; i++) {
				tracer.spanBuilder("pending-" + i).startSpan().end();
			}
			assertThat(this.receiver.spans().size()).isZero();
		});
		assertThat(this.receiver.spans().names()).containsExactlyInAnyOrder("pending-0", "pending-1", "pending-2");
	}

	@Test
	void shouldNotExportWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Tracer.class));
		assertThat(this.receiver.requests()).isEmpty();
	}

	@Test
	void shouldExportOverHttpsTrustingTheReceiverThroughAnSslBundle(@TempDir Path directory) throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		try (OtlpHttpReceiver https = OtlpHttpReceiver.startHttps(certificate.serverContext())) {
			ApplicationContextRunner runner = this.contextRunner
				.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("tracing.export.otlp.endpoint=" + https.baseUrl(),
						"spring.ssl.bundle.jks.otlp.truststore.location=file:" + certificate.keyStore(),
						"spring.ssl.bundle.jks.otlp.truststore.password=" + certificate.password(),
						"spring.ssl.bundle.jks.otlp.truststore.type=PKCS12");
			// Without the bundle the JVM does not trust the self-signed receiver: nothing arrives.
			runner.run((context) -> {
				context.getBean(Tracer.class).spanBuilder("untrusted").startSpan().end();
				context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			});
			assertThat(https.spans().size()).isZero();
			runner.withPropertyValues("tracing.export.otlp.ssl.bundle=otlp").run((context) -> {
				context.getBean(Tracer.class).spanBuilder("over-tls").startSpan().end();
				assertThat(https.awaitSpans(1).names()).containsExactly("over-tls");
			});
		}
	}

}
