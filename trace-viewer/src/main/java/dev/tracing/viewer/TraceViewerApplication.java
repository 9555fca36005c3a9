package dev.tracing.viewer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Local OTLP endpoint and trace UI: what Jaeger all-in-one is in Docker, for one
 * machine without Docker.
 */
@SpringBootApplication
@EnableConfigurationProperties(ViewerProperties.class)
public class TraceViewerApplication {

	public static void main(String[] args) {
		SpringApplication.run(TraceViewerApplication.class, args);
	}

}
