package dev.tracing.async;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run in a Java 21+ child JVM: an {@code @Async} call on Spring Boot's virtual-thread executor, inside a span.
 */
public final class VirtualThreadsProbe {

	private VirtualThreadsProbe() {
	}

	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				ContextPropagationIntegrationTests.AsyncApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.threads.virtual.enabled=true", "tracing.export.type=none",
					"spring.main.banner-mode=off")
			.run()) {
			Tracer tracer = context.getBean(Tracer.class);
			ContextPropagationIntegrationTests.Worker worker = context
				.getBean(ContextPropagationIntegrationTests.Worker.class);
			Span parent = tracer.spanBuilder("checkout").startSpan();
			SpanContext seen;
			try (Scope ignored = parent.makeCurrent()) {
				seen = worker.currentInAsync().get();
			}
			parent.end();
			System.out.println("PROBE parent=" + parent.getSpanContext().getSpanId() + " seen=" + seen.getSpanId()
					+ " virtual=" + worker.asyncThreadIsVirtual());
		}
	}

}
