package dev.tracing.bench.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of every benchmark variant. The variants differ only in what is on the class path (app-untraced,
 * app-starter, app-boot-otel, app-otel-starter), in properties, or in a Java agent.
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchApplication.class, args);
	}

}
