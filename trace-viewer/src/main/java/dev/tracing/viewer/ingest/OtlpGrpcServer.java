package dev.tracing.viewer.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The OTLP/gRPC receiver. gzip-compressed requests are decompressed by grpc-java.
 */
public final class OtlpGrpcServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OtlpGrpcServer.class);

	private final InetSocketAddress bindAddress;

	private final BindableService service;

	private final int maxMessageSize;

	private volatile @Nullable Server server;

	OtlpGrpcServer(InetSocketAddress bindAddress, BindableService service, int maxMessageSize) {
		this.bindAddress = bindAddress;
		this.service = service;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void start() {
		Server server = NettyServerBuilder.forAddress(this.bindAddress)
			.maxInboundMessageSize(this.maxMessageSize)
			.addService(this.service)
			.build();
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start the OTLP/gRPC receiver on " + this.bindAddress, ex);
		}
		this.server = server;
		logger.info("OTLP/gRPC receiver listening on " + this.bindAddress.getHostString() + ":" + getPort());
	}

	@Override
	public void stop() {
		Server server = this.server;
		this.server = null;
		if (server != null) {
			server.shutdown();
			try {
				if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
					server.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				server.shutdownNow();
				Thread.currentThread().interrupt();
			}
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
		Server server = this.server;
		Assert.state(server != null, "OTLP/gRPC receiver is not running");
		return server.getPort();
	}

}
