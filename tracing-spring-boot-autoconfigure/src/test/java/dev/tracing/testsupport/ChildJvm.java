package dev.tracing.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of the test class path in a fresh JVM, for behaviour that depends on JVM-wide state set at
 * start-up (OpenTelemetry's context storage) or on a newer Java than the build's (virtual threads).
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	public static Result run(Path java, Class<?> mainClass, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Child JVM did not finish: " + new String(output, StandardCharsets.UTF_8));
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	public static Path currentJava() {
		return Path.of(System.getProperty("java.home"), "bin", "java");
	}

	/**
	 * A JDK of at least the given feature version: the running one, {@code JAVA_21_HOME}, or one under
	 * {@code /usr/lib/jvm}.
	 */
	public static Optional<Path> javaOfAtLeast(int feature) {
		if (Runtime.version().feature() >= feature) {
			return Optional.of(currentJava());
		}
		List<Path> candidates = new ArrayList<>();
		String explicit = System.getenv("JAVA_21_HOME");
		if (explicit != null) {
			candidates.add(Path.of(explicit));
		}
		try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
			installed.forEach(candidates::add);
		}
		catch (IOException ex) {
			// No system JDK directory: only the explicit one, if any.
		}
		return candidates.stream()
			.filter((home) -> featureVersion(home) >= feature)
			.map((home) -> home.resolve("bin").resolve("java"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static int featureVersion(Path home) {
		try {
			for (String line : Files.readAllLines(home.resolve("release"))) {
				if (line.startsWith("JAVA_VERSION=")) {
					String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
					return Integer.parseInt(version.split("[.+-]")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not a JDK we can read.
		}
		return 0;
	}

	/**
	 * Exit code and combined output of the child.
	 */
	public record Result(int exitCode, String output) {

		public Optional<String> line(String marker) {
			return this.output.lines().filter((line) -> line.contains(marker)).findFirst();
		}

	}

}
