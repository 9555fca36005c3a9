package dev.tracing.autoconfigure.compatibility;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link CompatibilityCheck}: the supported Boot lines, and a real application started with a stray
 * OpenTelemetry artifact of another release on its class path.
 */
@ExtendWith(OutputCaptureExtension.class)
class CompatibilityCheckTests {

	private static final OpenTelemetryArtifacts CONSISTENT = new OpenTelemetryArtifacts(List.of());

	@TempDir
	Path temp;

	@Test
	void shouldAcceptTheSupportedLines() {
		assertThatNoException().isThrownBy(() -> CompatibilityCheck.check("4.0.7", CONSISTENT));
		assertThatNoException().isThrownBy(() -> CompatibilityCheck.check("4.0.9", CONSISTENT));
		assertThatNoException().isThrownBy(() -> CompatibilityCheck.check("4.1.2", CONSISTENT));
		assertThatNoException().isThrownBy(() -> CompatibilityCheck.check(null, CONSISTENT));
	}

	@Test
	void shouldStopOnAnOlderLineNamingIt() {
		assertThatExceptionOfType(IncompatibleClassPathException.class)
			.isThrownBy(() -> CompatibilityCheck.check("3.5.7", CONSISTENT))
			.withMessage(
					"The tracing starter supports Spring Boot 4.0.x and 4.1.x; this application runs Spring Boot 3.5.7.")
			.satisfies((ex) -> assertThat(ex.getAction()).isEqualTo(
					"Upgrade the application to Spring Boot 4.0.x or 4.1.x, or remove tracing-spring-boot-starter "
							+ "from its dependencies."));
	}

	@Test
	void shouldOnlyWarnOnANewerLine(CapturedOutput output) {
		assertThatNoException().isThrownBy(() -> CompatibilityCheck.check("4.2.0", CONSISTENT));
		assertThat(output).contains("was tested with Spring Boot 4.0.x and 4.1.x; this application runs 4.2.0");
	}

	@Test
	void shouldStopAnApplicationWithAStrayIncubatorOfAnotherRelease(CapturedOutput output) throws IOException {
		Path stray = strayIncubator();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { stray.toUri().toURL() },
				getClass().getClassLoader())) {
			SpringApplication application = minimalApplication(loader);
			assertThatExceptionOfType(IncompatibleClassPathException.class)
				.isThrownBy(() -> application.run("--tracing.export.type=none"))
				.withMessageContaining("io.opentelemetry:opentelemetry-api-incubator:1.0.0-alpha (" + stray.toUri().toURL());
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("OpenTelemetry artifacts of different releases are on the class path")
			.contains("remove the explicit version, or the dependency that brings opentelemetry-api-incubator");
	}

	@Test
	void shouldLeaveTheApplicationAloneWhenTracingIsDisabled() throws IOException {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { strayIncubator().toUri().toURL() },
				getClass().getClassLoader())) {
			minimalApplication(loader).run("--tracing.enabled=false").close();
		}
	}

	// An opentelemetry-api-incubator jar of another release than the API's
	private Path strayIncubator() throws IOException {
		return OpenTelemetryArtifactsTests.write(this.temp.resolve("stray-incubator"), "io/opentelemetry/api/incubator",
				"1.0.0-alpha");
	}

	private static SpringApplication minimalApplication(ClassLoader loader) {
		SpringApplication application = new SpringApplication(new DefaultResourceLoader(loader),
				MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
