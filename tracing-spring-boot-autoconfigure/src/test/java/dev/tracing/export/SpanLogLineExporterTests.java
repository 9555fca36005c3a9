package dev.tracing.export;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SpanLogLineExporterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class))
		.withPropertyValues("tracing.service-name=cart", "tracing.export.type=logging",
				"tracing.export.batch.schedule-delay=1h");

	@Test
	void shouldLogOneReadableLinePerFinishedSpan(CapturedOutput output) {
		String[] ids = new String[3];
		this.contextRunner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span server = tracer.spanBuilder("POST /cart").setSpanKind(SpanKind.SERVER).startSpan();
			try (Scope ignored = server.makeCurrent()) {
				Span child = tracer.spanBuilder("price").startSpan();
				child.setAttribute("cart.items", 3L);
				child.setStatus(StatusCode.ERROR, "no price for sku-9");
				child.end();
				ids[2] = child.getSpanContext().getSpanId();
			}
			server.end();
			ids[0] = server.getSpanContext().getTraceId();
			ids[1] = server.getSpanContext().getSpanId();
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains("SpanLogLineExporter"))).hasSize(2);
		assertThat(output).containsPattern("cart SERVER 'POST /cart' \\d+\\.\\d{3} ms UNSET trace=" + ids[0] + " span="
				+ ids[1] + " parent=-- \\{\\}")
			.containsPattern("cart INTERNAL 'price' \\d+\\.\\d{3} ms ERROR\\(no price for sku-9\\) trace=" + ids[0]
					+ " span=" + ids[2] + " parent=" + ids[1] + " \\{cart.items=3\\}");
	}

	@Test
	void shouldRefuseToExportAfterShutdown() {
		SpanLogLineExporter exporter = new SpanLogLineExporter();
		exporter.shutdown();
		assertThat(exporter.export(java.util.List.of()).isSuccess()).isFalse();
	}

}
