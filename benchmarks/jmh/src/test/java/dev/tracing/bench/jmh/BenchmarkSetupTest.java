package dev.tracing.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each benchmark mode must measure what its name says: a span per operation when sampled, none otherwise. A mode
 * that silently recorded nothing (or everything) would make its figures meaningless.
 */
class BenchmarkSetupTest {

	private static final int OPERATIONS = 50;

	@ParameterizedTest
	@CsvSource({ "none,starter,0", "sampled,starter,50", "unsampled,starter,0", "skipped,starter,0",
			"disabled,starter,0", "sampled,application,50", "unsampled,application,0", "skipped,application,0" })
	void filterBenchmarkExportsOneSpanPerSampledOperation(String mode, String sampler, long expected)
			throws Exception {
		TracingFilterBenchmark benchmark = new TracingFilterBenchmark();
		benchmark.mode = mode;
		benchmark.sampler = sampler;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.doFilter();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(expected);
	}

	@ParameterizedTest
	// The parent server span counts too when it is sampled (none, sampled): the calls' spans come on top.
	@CsvSource({ "none,1", "sampled,51", "unsampled,0", "skipped,0", "disabled,0" })
	void clientBenchmarkExportsOneSpanPerSampledCall(String mode, long expected) throws Exception {
		ClientInterceptorBenchmark benchmark = new ClientInterceptorBenchmark();
		benchmark.mode = mode;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			assertThat(benchmark.intercept().getStatusCode().value()).isEqualTo(200);
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(expected);
	}

	@ParameterizedTest
	// The parent span counts too when traced: a Kafka message makes two spans (send, process), a command one.
	@CsvSource({ "untraced,0,0", "starter,101,51", "observation,101,51" })
	void messagingBenchmarkExportsTheSpansOfEachMessageAndCommand(String variant, long kafka, long redis)
			throws Exception {
		MessagingBenchmark benchmark = new MessagingBenchmark();
		benchmark.variant = variant;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.kafkaSendAndProcess();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(kafka);
		benchmark = new MessagingBenchmark();
		benchmark.variant = variant;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.redisCommand();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(redis);
	}

	@Test
	// The floor is only a floor if it makes the starter's span: same name, kind and attributes, really serialized.
	void floorAndStarterExportTheSameServerSpanOverOtlp() throws Exception {
		List<Span> floor = exportedByFloorBenchmark("floor");
		List<Span> starter = exportedByFloorBenchmark("starter");
		assertThat(floor).hasSize(2 * ServerSpanFloorBenchmark.SPANS);
		assertThat(starter).hasSize(2 * ServerSpanFloorBenchmark.SPANS);
		Span floorSpan = floor.get(0);
		Span starterSpan = starter.get(0);
		assertThat(floorSpan.getName()).isEqualTo("GET /hello").isEqualTo(starterSpan.getName());
		assertThat(floorSpan.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER).isEqualTo(starterSpan.getKind());
		assertThat(attributes(floorSpan)).hasSize(10).isEqualTo(attributes(starterSpan));
	}

	private static List<Span> exportedByFloorBenchmark(String path) throws Exception {
		ServerSpanFloorBenchmark benchmark = new ServerSpanFloorBenchmark();
		benchmark.path = path;
		benchmark.setUp(true);
		try {
			benchmark.startIteration();
			benchmark.tracedRequests();
			benchmark.tracedRequests();
			benchmark.endIteration();
		}
		finally {
			benchmark.tearDown();
		}
		// Read once the application is closed: its shutdown exports what is still queued. A flush can return before
		// the last batch is sent (about one run in five here: the second batch reached the sink after the flush), and a
		// dropped span would still be missing here.
		return spans(benchmark.sink().bodies());
	}

	private static List<Span> spans(List<byte[]> bodies) throws InvalidProtocolBufferException {
		List<Span> spans = new ArrayList<>();
		for (byte[] body : bodies) {
			for (ResourceSpans resourceSpans : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					spans.addAll(scopeSpans.getSpansList());
				}
			}
		}
		return spans;
	}

	private static Map<String, AnyValue> attributes(Span span) {
		return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
	}

}
