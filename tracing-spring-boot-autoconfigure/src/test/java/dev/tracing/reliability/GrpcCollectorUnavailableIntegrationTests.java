package dev.tracing.reliability;

import java.time.Duration;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.export.ExportStatistics;
import dev.tracing.testsupport.OtlpGrpcReceiver;
import io.grpc.Status;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gRPC collector answering UNAVAILABLE: ending spans never blocks, the loss is counted with the collector's
 * error, and export resumes when it comes back.
 */
class GrpcCollectorUnavailableIntegrationTests {

	@Test
	void shouldCountLostSpansAndResumeWhenTheCollectorIsBack() throws Exception {
		try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start()) {
			receiver.failWith(Status.UNAVAILABLE.withDescription("collector restarting"));
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
						TracingExportAutoConfiguration.class, TracingPropagationAutoConfiguration.class))
				.withPropertyValues("tracing.export.otlp.protocol=grpc",
						"tracing.export.otlp.endpoint=" + receiver.endpoint(), "tracing.export.otlp.timeout=1s",
						"tracing.export.batch.schedule-delay=20ms", "tracing.export.batch.max-queue-size=100",
						"tracing.export.batch.max-batch-size=50")
				.run((context) -> {
					Tracer tracer = context.getBean(Tracer.class);
					ExportStatistics statistics = context.getBean(ExportStatistics.class);
					long start = System.nanoTime();
					for (int i = 0; i < 2000; i++) {
						tracer.spanBuilder("while-unavailable").startSpan().end();
					}
					assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ending 2,000 spans")
						.isLessThan(Duration.ofSeconds(2));
					await().atMost(Duration.ofSeconds(20)).until(statistics::isFailing);
					assertThat(statistics.queued()).isLessThanOrEqualTo(100);
					assertThat(statistics.droppedQueueFull()).isPositive();
					await().atMost(Duration.ofSeconds(20)).until(() -> statistics.droppedExportFailed() > 0);
					assertThat(statistics.lastError()).isNotBlank();
					receiver.failWith(null);
					tracer.spanBuilder("after-recovery").startSpan().end();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> receiver.spans().names().contains("after-recovery"));
					await().atMost(Duration.ofSeconds(10)).until(() -> !statistics.isFailing());
				});
		}
	}

}
