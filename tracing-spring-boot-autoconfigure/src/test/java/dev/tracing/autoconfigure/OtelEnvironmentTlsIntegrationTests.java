package dev.tracing.autoconfigure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.SelfSignedCertificate;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OTEL_EXPORTER_OTLP_CERTIFICATE} against a real OTLP/HTTPS receiver with a self-signed certificate: the
 * PEM file the variable names becomes the trust store of an SSL bundle, and spans arrive; without it, they do not.
 */
class OtelEnvironmentTlsIntegrationTests {

	@Test
	void shouldTrustTheReceiverCertificateTheVariableNames(@TempDir Path directory) throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		Path pem = exportPem(certificate, directory.resolve("collector-ca.pem"));
		try (OtlpHttpReceiver https = OtlpHttpReceiver.startHttps(certificate.serverContext())) {
			Map<String, Object> variables = new HashMap<>();
			variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", https.baseUrl());
			try (ConfigurableApplicationContext context = run(variables)) {
				context.getBean(Tracer.class).spanBuilder("untrusted").startSpan().end();
				context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			}
			assertThat(https.spans().size()).as("the JVM does not trust the self-signed receiver").isZero();
			variables.put("OTEL_EXPORTER_OTLP_CERTIFICATE", pem.toString());
			try (ConfigurableApplicationContext context = run(variables)) {
				context.getBean(Tracer.class).spanBuilder("over-tls").startSpan().end();
				assertThat(https.awaitSpans(1).names()).containsExactly("over-tls");
			}
		}
	}

	private static Path exportPem(SelfSignedCertificate certificate, Path pem) throws Exception {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "receiver",
				"-keystore", certificate.keyStore().toString(), "-storepass", certificate.password(), "-file",
				pem.toString()))
			.redirectErrorStream(true)
			.start();
		String out = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(out).isTrue();
		return pem;
	}

	private static ConfigurableApplicationContext run(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new SpringApplicationBuilder(Config.class).environment(environment)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "tracing.service-name=tls",
					"tracing.export.batch.schedule-delay=50ms")
			.run();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
