package dev.tracing.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) on a free loopback port, without persistence, for one test class.
 */
public final class RedisServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private RedisServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	public static RedisServer start() throws IOException, InterruptedException {
		Path binary = ServerBinary.require("/usr/bin/redis-server", "redis-server");
		int port = ServerBinary.freePort();
		Path log = Files.createTempFile("redis-server-", ".log");
		Process process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		RedisServer server = new RedisServer(process, port, log);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (!server.answersPing()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				server.close();
				throw new IllegalStateException("redis-server did not start on port " + port + ": "
						+ Files.readString(log, StandardCharsets.UTF_8));
			}
			Thread.sleep(20);
		}
		return server;
	}

	public int port() {
		return this.port;
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			Files.deleteIfExists(this.log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// a temporary file
		}
	}

}
