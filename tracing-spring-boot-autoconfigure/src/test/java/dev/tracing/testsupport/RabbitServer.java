package dev.tracing.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real RabbitMQ broker (Debian's rabbitmq-server) on free loopback ports, its node name, data and logs in a
 * temporary directory, for one test class. Starting an Erlang node takes seconds: start it once per class.
 */
public final class RabbitServer implements AutoCloseable {

	// The script of Debian's package that runs the broker as the calling user (the one in /usr/sbin switches to the
	// rabbitmq user, who cannot write to our temporary directory).
	private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";

	private final Process process;

	private final int port;

	private final Path directory;

	private RabbitServer(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	public static RabbitServer start() throws IOException, InterruptedException {
		Path binary = ServerBinary.require(SERVER, "rabbitmq-server");
		int port = ServerBinary.freePort();
		int distributionPort = ServerBinary.freePort();
		Path directory = Files.createTempDirectory("rabbitmq-");
		Files.createDirectories(directory.resolve("mnesia"));
		Files.createDirectories(directory.resolve("log"));
		Files.writeString(directory.resolve("enabled_plugins"), "[].");
		ProcessBuilder builder = new ProcessBuilder(binary.toString()).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("server.log").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("RABBITMQ_NODENAME", "tracing-test-" + port + "@localhost");
		environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
		environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
		environment.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
		environment.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
		environment.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
		environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
		environment.put("RABBITMQ_FEATURE_FLAGS_FILE", directory.resolve("feature_flags").toString());
		environment.put("RABBITMQ_PLUGINS_EXPAND_DIR", directory.resolve("plugins-expand").toString());
		Process process = builder.start();
		RabbitServer server = new RabbitServer(process, port, directory);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (!server.accepts()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				String log = Files.readString(directory.resolve("server.log"), StandardCharsets.UTF_8);
				server.close();
				throw new IllegalStateException("rabbitmq-server did not start on port " + port + ": " + log);
			}
			Thread.sleep(100);
		}
		return server;
	}

	public int port() {
		return this.port;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		// The script runs the Erlang VM as its child: stop the VM, then the script
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			this.process.descendants().forEach((child) -> child.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally((ex) -> {
				child.destroyForcibly();
				return child;
			}).join());
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		deleteQuietly(this.directory);
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory
		}
	}

}
