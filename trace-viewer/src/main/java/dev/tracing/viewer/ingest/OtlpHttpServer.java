package dev.tracing.viewer.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The OTLP/HTTP receiver: the JDK's HTTP server on its own port, kept apart from the
 * UI's Tomcat so that neither routing nor limits of one leak into the other.
 */
public final class OtlpHttpServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OtlpHttpServer.class);

	private final InetSocketAddress bindAddress;

	private final OtlpHttpHandler handler;

	private final int threads;

	private volatile @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	OtlpHttpServer(InetSocketAddress bindAddress, OtlpHttpHandler handler, int threads) {
		this.bindAddress = bindAddress;
		this.handler = handler;
		this.threads = threads;
	}

	@Override
	public void start() {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("otlp-http-");
		threadFactory.setDaemon(true);
		ExecutorService executor = Executors.newFixedThreadPool(this.threads, threadFactory);
		try {
			HttpServer server = HttpServer.create(this.bindAddress, 0);
			server.setExecutor(executor);
			server.createContext("/", this.handler);
			server.start();
			this.executor = executor;
			this.server = server;
		}
		catch (IOException ex) {
			executor.shutdownNow();
			throw new UncheckedIOException("Failed to start the OTLP/HTTP receiver on " + this.bindAddress, ex);
		}
		logger.info("OTLP/HTTP receiver listening on http://" + this.bindAddress.getHostString() + ":" + getPort()
				+ OtlpHttpHandler.TRACES_PATH);
	}

	@Override
	public void stop() {
		HttpServer server = this.server;
		ExecutorService executor = this.executor;
		this.server = null;
		this.executor = null;
		if (server != null) {
			server.stop(0);
		}
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Return the port the receiver listens on, the one picked if configured as 0.
	 * @return the port
	 */
	public int getPort() {
		HttpServer server = this.server;
		Assert.state(server != null, "OTLP/HTTP receiver is not running");
		return server.getAddress().getPort();
	}

}
