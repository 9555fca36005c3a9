package dev.tracing.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class DeferredSpanExporterTests {

	private final InMemorySpanExporter delegate = InMemorySpanExporter.create();

	private final AtomicInteger builds = new AtomicInteger();

	private final DeferredSpanExporter exporter = new DeferredSpanExporter(InMemorySpanExporter.class, () -> {
		this.builds.incrementAndGet();
		return this.delegate;
	});

	@Test
	void shouldBuildTheExporterOnTheFirstExportOnly() {
		assertThat(this.exporter).hasToString("InMemorySpanExporter (built on the first export)");
		assertThat(this.exporter.getExporterType()).isEqualTo(InMemorySpanExporter.class);
		assertThat(this.exporter.flush().isSuccess()).isTrue();
		// The SDK's batch processor in front of it, as the starter wires it.
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(this.exporter).build())
			.build()) {
			provider.get("test").spanBuilder("first").startSpan().end();
			provider.get("test").spanBuilder("second").startSpan().end();
			assertThat(this.builds).as("the spans wait in the queue").hasValue(0);
			provider.forceFlush().join(10, TimeUnit.SECONDS);
			assertThat(this.builds).hasValue(1);
			assertThat(this.delegate.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("first", "second");
			provider.get("test").spanBuilder("third").startSpan().end();
			// The batch processor completes a flush before it clears the request, so a flush asked for right
			// after the last one can return that last, completed result: ask until the span is out.
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				provider.forceFlush().join(1, TimeUnit.SECONDS);
				return this.delegate.getFinishedSpanItems().size() == 3;
			});
		}
		assertThat(this.exporter.getExporter()).isSameAs(this.delegate);
		assertThat(this.builds).hasValue(1);
	}

	@Test
	void shouldNotBuildTheExporterToShutItDown() {
		assertThat(this.exporter.shutdown().isSuccess()).isTrue();
		assertThat(this.exporter.export(List.of()).isSuccess()).isFalse();
		assertThatIllegalStateException().isThrownBy(this.exporter::getExporter).withMessageContaining("shut down");
		assertThat(this.builds).hasValue(0);
	}

	@Test
	void shouldShutDownTheExporterOnceBuilt() {
		this.exporter.export(List.of()).join(1, TimeUnit.SECONDS);
		assertThat(this.exporter.shutdown().isSuccess()).isTrue();
		assertThat(this.delegate.export(List.of()).isSuccess()).as("the delegate is shut down").isFalse();
	}

	@Test
	void shouldFailEveryExportWithTheReasonWhenTheExporterCannotBeBuilt() {
		AtomicInteger attempts = new AtomicInteger();
		DeferredSpanExporter failing = new DeferredSpanExporter(InMemorySpanExporter.class, () -> {
			attempts.incrementAndGet();
			throw new IllegalStateException("No HttpSenderProvider found on classpath");
		});
		for (int i = 0; i < 2; i++) {
			CompletableResultCode result = failing.export(List.of());
			assertThat(result.isSuccess()).isFalse();
			assertThat(result.getFailureThrowable()).hasMessageContaining("Cannot build the InMemorySpanExporter")
				.hasMessageContaining("No HttpSenderProvider found on classpath");
		}
		assertThat(attempts).as("built once, not retried on every batch").hasValue(1);
		assertThat(failing.shutdown().isSuccess()).isTrue();
	}

}
