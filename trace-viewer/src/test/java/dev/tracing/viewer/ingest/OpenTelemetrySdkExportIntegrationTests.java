package dev.tracing.viewer.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users do: point an OpenTelemetry SDK at the viewer. Two services, one exporting
 * over OTLP/HTTP and one over OTLP/gRPC, both gzip-compressed, make one trace.
 */
@ViewerIntegrationTest
class OpenTelemetrySdkExportIntegrationTests {

	@Autowired
	private ViewerClient client;

	@Autowired
	private OtlpHttpServer otlpHttpServer;

	@Autowired
	private OtlpGrpcServer otlpGrpcServer;

	private final List<SdkTracerProvider> providers = new ArrayList<>();

	@AfterEach
	void shutdown() {
		this.providers.forEach((provider) -> provider.shutdown().join(10, TimeUnit.SECONDS));
	}

	@Test
	void spansOfTwoServicesExportedOverHttpAndGrpcFormOneTrace() {
		String frontend = OtlpSpans.uniqueService("sdk-frontend");
		String payments = OtlpSpans.uniqueService("sdk-payments");
		Tracer frontendTracer = tracer(frontend, OtlpHttpSpanExporter.builder()
			.setEndpoint("http://127.0.0.1:" + this.otlpHttpServer.getPort() + "/v1/traces")
			.setCompression("gzip")
			.build());
		Tracer paymentsTracer = tracer(payments, OtlpGrpcSpanExporter.builder()
			.setEndpoint("http://127.0.0.1:" + this.otlpGrpcServer.getPort())
			.setCompression("gzip")
			.build());

		Span root = frontendTracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
		Span client = frontendTracer.spanBuilder("POST /payments")
			.setParent(Context.root().with(root))
			.setSpanKind(SpanKind.CLIENT)
			.startSpan();
		// What a propagator hands the payments service: the client span's context, remote
		SpanContext remoteParent = SpanContext.createFromRemoteParent(client.getSpanContext().getTraceId(),
				client.getSpanContext().getSpanId(), client.getSpanContext().getTraceFlags(),
				client.getSpanContext().getTraceState());
		Span server = paymentsTracer.spanBuilder("POST /payments")
			.setParent(Context.root().with(Span.wrap(remoteParent)))
			.setSpanKind(SpanKind.SERVER)
			.setAttribute("http.route", "/payments")
			.startSpan();
		server.recordException(new IllegalStateException("card declined"));
		server.setStatus(StatusCode.ERROR, "card declined");
		server.end();
		client.end();
		root.end();
		this.providers.forEach((provider) -> assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
			.isTrue());

		String traceId = root.getSpanContext().getTraceId();
		JsonNode trace = this.client
			.getJson("/api/traces/" + traceId)
			.get("data")
			.get(0);
		assertThat(trace.get("spans").size()).isEqualTo(3);
		List<String> services = new ArrayList<>();
		trace.get("processes").forEach((process) -> services.add(process.get("serviceName").asString()));
		assertThat(services).containsExactlyInAnyOrder(frontend, payments);
		JsonNode serverSpan = null;
		for (JsonNode span : trace.get("spans")) {
			if (span.get("spanID").asString().equals(server.getSpanContext().getSpanId())) {
				serverSpan = span;
			}
		}
		assertThat(serverSpan).isNotNull();
		assertThat(serverSpan.get("references").get(0).get("spanID").asString())
			.isEqualTo(client.getSpanContext().getSpanId());
		assertThat(trace.get("processes").get(serverSpan.get("processID").asString()).get("serviceName").asString())
			.isEqualTo(payments);
		assertThat(serverSpan.get("logs").get(0).toString()).contains("exception.stacktrace",
				"java.lang.IllegalStateException: card declined");
	}

	private Tracer tracer(String serviceName, SpanExporter exporter) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault()
				.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
		this.providers.add(provider);
		return provider.get("sdk-test");
	}

}
