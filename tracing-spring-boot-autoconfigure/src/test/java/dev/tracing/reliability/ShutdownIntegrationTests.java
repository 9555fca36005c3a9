package dev.tracing.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracing.testsupport.ChildJvm;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.SwitchableCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real application in a child JVM: spans that ended before reach a healthy collector, and with a
 * collector that never answers, shutdown still finishes within the export timeout.
 */
class ShutdownIntegrationTests {

	@Test
	void shouldDeliverEndedSpansOnSigterm() throws Exception {
		try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
			Duration shutdown = runAndTerminate("--tracing.export.otlp.endpoint=" + receiver.baseUrl());
			assertThat(receiver.spans().names()).containsExactlyInAnyOrder("before-sigterm-0", "before-sigterm-1",
					"before-sigterm-2", "before-sigterm-3", "before-sigterm-4");
			assertThat(shutdown).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void shouldNotHangOnSigtermWhenTheCollectorNeverAnswers() throws Exception {
		try (SwitchableCollector blackHole = new SwitchableCollector()) {
			blackHole.switchTo(SwitchableCollector.Mode.BLACK_HOLE);
			Duration shutdown = runAndTerminate("--tracing.export.otlp.endpoint=" + blackHole.endpoint(),
					"--tracing.export.otlp.timeout=2s", "--tracing.export.batch.export-timeout=2s");
			assertThat(shutdown).as("shutdown with a black-hole collector").isLessThan(Duration.ofSeconds(8));
		}
	}

	private static Duration runAndTerminate(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(ChildJvm.currentJava().toString(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), ShutdownProbe.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null && !line.equals("READY")) {
				output.add(line);
			}
			assertThat(line).as("child output: %s", output).isEqualTo("READY");
			long start = System.nanoTime();
			process.destroy();
			Thread drain = new Thread(() -> reader.lines().forEach(output::add));
			drain.setDaemon(true);
			drain.start();
			boolean exited = process.waitFor(30, TimeUnit.SECONDS);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			if (!exited) {
				process.destroyForcibly();
			}
			assertThat(exited).as("exited after SIGTERM: %s", output).isTrue();
			return took;
		}
	}

}
