package dev.tracing.viewer.ingest;

import dev.tracing.viewer.store.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Stores the spans of OTLP export requests, whichever transport they came over, and
 * answers as the specification says: partial success when some spans were rejected.
 */
public final class OtlpTraceReceiver {

	private final OtlpSpanConverter converter = new OtlpSpanConverter();

	private final TraceStore store;

	public OtlpTraceReceiver(TraceStore store) {
		this.store = store;
	}

	public ExportTraceServiceResponse export(ExportTraceServiceRequest request) {
		OtlpSpanConverter.Conversion conversion = this.converter.convert(request);
		this.store.add(conversion.spans());
		ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
		if (conversion.rejectedSpans() > 0) {
			response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
				.setRejectedSpans(conversion.rejectedSpans())
				.setErrorMessage(conversion.errorMessage()));
		}
		return response.build();
	}

}
