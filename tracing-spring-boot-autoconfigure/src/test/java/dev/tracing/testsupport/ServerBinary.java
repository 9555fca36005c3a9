package dev.tracing.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server binary from a Debian package that integration tests start themselves. Missing, it skips the test with a
 * message naming the package, except under {@code CI=true}, where {@code .ci/run} installs it and its absence fails.
 */
public final class ServerBinary {

	private ServerBinary() {
	}

	public static Path require(String path, String debianPackage) {
		Path binary = Path.of(path);
		String missing = binary + " is absent (install Debian's package " + debianPackage + " to run this test)";
		if ("true".equals(System.getenv("CI")) && !Files.isExecutable(binary)) {
			throw new IllegalStateException("Integration test cannot run under CI=true: " + missing);
		}
		if (!Files.isExecutable(binary)) {
			System.err.println("SKIPPED: " + missing);
		}
		assumeTrue(Files.isExecutable(binary), "Skipped: " + missing);
		return binary;
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port on loopback", ex);
		}
	}

}
