package dev.tracing.autoconfigure;

import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.testsupport.OtlpGrpcReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import io.grpc.Metadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports over OTLP/gRPC to a real grpc-java server on loopback, run in-process by the test.
 */
class OtlpGrpcExportIntegrationTests {

	private OtlpGrpcReceiver receiver;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = OtlpGrpcReceiver.start();
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					TracingExportAutoConfiguration.class, TracingPropagationAutoConfiguration.class))
			.withPropertyValues("tracing.service-name=inventory", "tracing.environment=staging",
					"tracing.export.otlp.protocol=grpc", "tracing.export.otlp.endpoint=" + this.receiver.endpoint(),
					"tracing.export.otlp.headers.authorization=Bearer grpc-key", "tracing.export.otlp.compression=gzip",
					"tracing.export.batch.schedule-delay=50ms");
	}

	@AfterEach
	void stopReceiver() throws InterruptedException {
		this.receiver.close();
	}

	@Test
	void shouldExportOverGrpcWithResourceIdsAndHeaders() {
		this.contextRunner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span parent = tracer.spanBuilder("reserve-stock").startSpan();
			try (Scope ignored = parent.makeCurrent()) {
				tracer.spanBuilder("SELECT stock").startSpan().end();
			}
			parent.end();
			ReceivedSpans spans = this.receiver.awaitSpans(2);
			assertThat(spans.named("SELECT stock").parentSpanId()).isEqualTo(spans.named("reserve-stock").spanId());
			assertThat(spans.named("SELECT stock").traceId()).isEqualTo(spans.named("reserve-stock").traceId());
			assertThat(spans.named("reserve-stock").resourceAttributes()).containsEntry("service.name", "inventory")
				.containsEntry("deployment.environment.name", "staging");
			Metadata headers = this.receiver.headers().get(0);
			assertThat(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
				.isEqualTo("Bearer grpc-key");
			assertThat(headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER)))
				.isEqualTo("gzip");
		});
	}

	@Test
	void shouldFlushPendingSpansOverGrpcWhenTheContextCloses() {
		this.contextRunner.withPropertyValues("tracing.export.batch.schedule-delay=1h")
			.run((context) -> context.getBean(Tracer.class).spanBuilder("last-words").startSpan().end());
		assertThat(this.receiver.spans().names()).containsExactly("last-words");
	}

}
