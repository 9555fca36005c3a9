package dev.tracing.viewer;

import dev.tracing.viewer.ingest.OtlpHttpServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * A {@link ViewerClient} for the running viewer, made when a test first asks for it: by then the UI's random port
 * and the OTLP receiver's are known.
 */
@TestConfiguration(proxyBeanMethods = false)
class ViewerClientConfiguration {

	@Bean
	@Lazy
	ViewerClient viewerClient(Environment environment, OtlpHttpServer otlpHttpServer) {
		return new ViewerClient(environment.getRequiredProperty("local.server.port", Integer.class),
				otlpHttpServer.getPort());
	}

}
