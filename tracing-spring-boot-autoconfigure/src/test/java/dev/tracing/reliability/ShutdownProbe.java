package dev.tracing.reliability;

import io.opentelemetry.api.trace.Tracer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run in a child JVM: ends spans that only a flush on shutdown can deliver (the schedule delay is an hour), says
 * READY, and waits to be sent SIGTERM.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ShutdownProbe {

	public static void main(String[] args) throws InterruptedException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ShutdownProbe.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "tracing.service-name=shutdown-probe",
					"tracing.export.batch.schedule-delay=1h")
			.run(args);
		Tracer tracer = context.getBean(Tracer.class);
		for (int i = 0; i < 5; i++) {
			tracer.spanBuilder("before-sigterm-" + i).startSpan().end();
		}
		System.out.println("READY");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
