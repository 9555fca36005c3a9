package dev.tracing.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Run with the {@code stray-instrumentation} profile only: the fresh application with an OpenTelemetry
 * instrumentation library of another SDK line added by its user. Where the SDK's line differs from the library's,
 * start-up stops with the starter's failure analysis naming the clashing artifact, not a NoSuchMethodError.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrayInstrumentationTests {

	@Test
	void shouldStopStartUpNamingTheArtifactOfAnotherLine(CapturedOutput output) {
		assertThatRuntimeException()
			.isThrownBy(() -> SpringApplication.run(FreshApplication.class, "--server.port=0",
					"--tracing.export.type=none"))
			.satisfies((ex) -> assertThat(ex.getClass().getName())
				.isEqualTo("dev.tracing.autoconfigure.compatibility.IncompatibleClassPathException"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("io.opentelemetry:opentelemetry-api-incubator:1.55.0-alpha")
			.doesNotContain("NoSuchMethodError:");
	}

}
