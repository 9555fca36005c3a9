package dev.tracing.viewer.ingest;

import java.util.concurrent.TimeUnit;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import dev.tracing.viewer.store.StoredSpan;
import dev.tracing.viewer.store.TraceStore;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * OTLP/gRPC ingestion with a real grpc-java client.
 */
@ViewerIntegrationTest
class OtlpGrpcIngestIntegrationTests {

	@Autowired
	private ViewerClient client;

	@Autowired
	private OtlpGrpcServer otlpGrpcServer;

	@Autowired
	private TraceStore store;

	private ManagedChannel channel;

	private TraceServiceGrpc.TraceServiceBlockingStub traceService;

	@BeforeEach
	void connect() {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.otlpGrpcServer.getPort())
			.usePlaintext()
			.build();
		this.traceService = TraceServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void exportStoresSpans() {
		String traceId = OtlpSpans.randomTraceId();
		ExportTraceServiceResponse response = this.traceService
			.export(request(resourceSpans("grpc-service", span(traceId, "grpc op").build())));
		assertThat(response.hasPartialSuccess()).isFalse();
		assertThat(this.store.find(traceId).orElseThrow().spans()).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("grpc op");
			assertThat(span.serviceName()).isEqualTo("grpc-service");
		});
	}

	@Test
	void exportAcceptsGzipCompressedRequests() {
		String traceId = OtlpSpans.randomTraceId();
		this.traceService.withCompression("gzip")
			.export(request(resourceSpans("grpc-gzip", span(traceId, "compressed").attribute("k", "v".repeat(500))
				.build())));
		assertThat(this.store.find(traceId)).isPresent();
	}

	@Test
	void exportAnswersPartialSuccessForInvalidSpans() {
		String traceId = OtlpSpans.randomTraceId();
		Span bad = span(traceId, "bad").build().toBuilder().setSpanId(OtlpSpans.bytes("01")).build();
		ExportTraceServiceResponse response = this.traceService
			.export(request(resourceSpans("grpc-partial", span(traceId, "good").build(), bad)));
		assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
		assertThat(response.getPartialSuccess().getErrorMessage()).contains("span id must be 8 bytes, was 1");
		assertThat(this.store.find(traceId).orElseThrow().spans()).extracting(StoredSpan::name)
			.containsExactly("good");
	}

	@Test
	void messagesOverTheLimitAreRejectedAndTheServerKeepsServing() {
		String traceId = OtlpSpans.randomTraceId();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> this.traceService.export(request(resourceSpans("grpc-huge",
					span(traceId, "huge").attribute("blob", "x".repeat(300 * 1024)).build()))))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		assertThat(this.store.find(traceId)).isEmpty();
		exportStoresSpans();
	}

	@Test
	void spansOfOneTraceMergeAcrossGrpcAndHttp() {
		String traceId = OtlpSpans.randomTraceId();
		String rootId = OtlpSpans.randomSpanId();
		// The child arrives first, from another service and over the other transport
		this.traceService.export(request(resourceSpans("grpc-payments",
				span(traceId, "POST /payments").parent(rootId).startMillis(5).build())));
		this.client
			.export(request(resourceSpans("http-frontend", span(traceId, "GET /checkout").id(rootId).build())));
		assertThat(this.store.find(traceId).orElseThrow().spans())
			.extracting(StoredSpan::serviceName, StoredSpan::name)
			.containsExactlyInAnyOrder(tuple("grpc-payments", "POST /payments"),
					tuple("http-frontend", "GET /checkout"));
	}

}
