package dev.tracing.viewer.web;

import dev.tracing.viewer.ingest.OtlpGrpcServer;
import dev.tracing.viewer.ingest.OtlpHttpServer;
import dev.tracing.viewer.store.TraceStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the UI shows in its header: where to send spans and how full the store is.
 */
@RestController
class ViewerStatusController {

	private final TraceStore store;

	private final OtlpHttpServer httpServer;

	private final OtlpGrpcServer grpcServer;

	ViewerStatusController(TraceStore store, OtlpHttpServer httpServer, OtlpGrpcServer grpcServer) {
		this.store = store;
		this.httpServer = httpServer;
		this.grpcServer = grpcServer;
	}

	@GetMapping("/api/viewer/status")
	Status status() {
		TraceStore.Statistics statistics = this.store.statistics();
		return new Status(statistics.traceCount(), statistics.spanCount(), statistics.maxSpans(),
				statistics.evictedTraceCount(), this.httpServer.getPort(), this.grpcServer.getPort());
	}

	record Status(int traces, int spans, int maxSpans, long evictedTraces, int otlpHttpPort, int otlpGrpcPort) {

	}

}
