package dev.tracing.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run in a fresh JVM, as an application starts: logs inside and outside a span with Spring Boot's default console
 * pattern, and prints the ids to look for.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LogCorrelationProbe {

	private static final Logger logger = LoggerFactory.getLogger(LogCorrelationProbe.class);

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LogCorrelationProbe.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(args)) {
			Tracer tracer = context.getBean(Tracer.class);
			logger.info("before any span");
			System.out.println("context storage: " + io.opentelemetry.context.ContextStorage.get().getClass().getName());
			Span span = tracer.spanBuilder("charge").startSpan();
			try (Scope ignored = span.makeCurrent()) {
				logger.info("inside the span");
				Span child = tracer.spanBuilder("child").startSpan();
				try (Scope nested = child.makeCurrent()) {
					logger.info("inside the child span");
					System.out.println("IDS trace=" + span.getSpanContext().getTraceId() + " span="
							+ span.getSpanContext().getSpanId() + " child=" + child.getSpanContext().getSpanId());
				}
				child.end();
				logger.info("back in the span");
			}
			span.end();
			logger.info("after the span");
		}
	}

}
