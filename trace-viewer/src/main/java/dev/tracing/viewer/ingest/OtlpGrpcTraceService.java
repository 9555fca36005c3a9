package dev.tracing.viewer.ingest;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * OTLP/gRPC {@code TraceService/Export}.
 */
final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {

	private static final Log logger = LogFactory.getLog(OtlpGrpcTraceService.class);

	private final OtlpTraceReceiver receiver;

	OtlpGrpcTraceService(OtlpTraceReceiver receiver) {
		this.receiver = receiver;
	}

	@Override
	public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responseObserver) {
		ExportTraceServiceResponse response;
		try {
			response = this.receiver.export(request);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to process OTLP/gRPC request", ex);
			responseObserver.onError(Status.INTERNAL.withDescription(ex.toString()).asRuntimeException());
			return;
		}
		responseObserver.onNext(response);
		responseObserver.onCompleted();
	}

}
