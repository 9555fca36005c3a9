package dev.tracing.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * A real OTLP/gRPC receiver: a grpc-java server on a loopback port implementing {@code TraceService/Export}.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {

	private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Metadata> headers = new CopyOnWriteArrayList<>();

	private final Server server;

	private volatile io.grpc.Status failure;

	private OtlpGrpcReceiver() throws IOException {
		TraceServiceGrpc.TraceServiceImplBase service = new TraceServiceGrpc.TraceServiceImplBase() {
			@Override
			public void export(ExportTraceServiceRequest request,
					StreamObserver<ExportTraceServiceResponse> responseObserver) {
				io.grpc.Status failing = OtlpGrpcReceiver.this.failure;
				if (failing != null) {
					responseObserver.onError(failing.asRuntimeException());
					return;
				}
				OtlpGrpcReceiver.this.requests.add(request);
				responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
				responseObserver.onCompleted();
			}
		};
		ServerInterceptor recordHeaders = new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
					ServerCallHandler<Q, R> next) {
				OtlpGrpcReceiver.this.headers.add(metadata);
				return next.startCall(call, metadata);
			}
		};
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(service, recordHeaders))
			.build()
			.start();
	}

	public static OtlpGrpcReceiver start() throws IOException {
		return new OtlpGrpcReceiver();
	}

	/**
	 * Answers every export with the given status until {@code null} is set again.
	 */
	public void failWith(io.grpc.Status status) {
		this.failure = status;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	public List<Metadata> headers() {
		return List.copyOf(this.headers);
	}

	public ReceivedSpans spans() {
		return ReceivedSpans.of(List.copyOf(this.requests));
	}

	public ReceivedSpans awaitSpans(int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (spans().size() < count && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		ReceivedSpans spans = spans();
		if (spans.size() < count) {
			throw new AssertionError("Expected " + count + " spans but received " + spans.names());
		}
		return spans;
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
