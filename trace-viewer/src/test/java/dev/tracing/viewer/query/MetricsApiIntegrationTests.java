package dev.tracing.viewer.query;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static dev.tracing.viewer.ViewerClient.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The metrics API, shaped like Jaeger's {@code /api/metrics/*}, over real HTTP after a
 * real OTLP export: 12 server calls of {@code GET /users/{id}} (nine of 50 ms, one of
 * 3 s, two errors of 60 ms, each its own trace) and three client spans, two seconds ago.
 */
@ViewerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsApiIntegrationTests {

	private static final String OPERATION = "GET /users/{id}";

	@Autowired
	private ViewerClient client;


	private final String users = OtlpSpans.uniqueService("metrics-users");

	private final String other = OtlpSpans.uniqueService("metrics-other");

	private final Set<String> serverTraces = new HashSet<>();

	private String slowTrace;

	@BeforeAll
	void exportSpans() {
		long start = (System.currentTimeMillis() - 2_000) * 1_000_000;
		List<Span> spans = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String traceId = OtlpSpans.randomTraceId();
			this.serverTraces.add(traceId);
			OtlpSpans.SpanBuilder server = span(traceId, OPERATION).kind(Span.SpanKind.SPAN_KIND_SERVER)
				.startNanos(start + i * 1_000_000)
				.durationMillis((i == 9) ? 3_000 : (i >= 10) ? 60 : 50);
			if (i >= 10) {
				server.error("boom");
			}
			if (i == 9) {
				this.slowTrace = traceId;
			}
			spans.add(server.build());
		}
		for (int i = 0; i < 3; i++) {
			spans.add(span(OtlpSpans.randomTraceId(), "SELECT users").kind(Span.SpanKind.SPAN_KIND_CLIENT)
				.startNanos(start)
				.durationMillis(5)
				.build());
		}
		this.client.export(request(resourceSpans(this.users, spans.toArray(Span[]::new))));
		this.client.export(request(resourceSpans(this.other, span(OtlpSpans.randomTraceId(), "GET /other")
			.kind(Span.SpanKind.SPAN_KIND_SERVER)
			.startNanos(start)
			.build())));
	}

	@Test
	void callRateByOperationHasJaegersShape() {
		JsonNode family = this.client.getJson("/api/metrics/calls?service=" + encode(this.users)
				+ "&groupByOperation=true&lookback=60000&step=60000");
		assertThat(family.get("name").asString()).isEqualTo("service_operation_call_rate");
		assertThat(family.get("type").asString()).isEqualTo("GAUGE");
		assertThat(family.get("help").asString()).isEqualTo("calls/sec, grouped by service & operation");
		JsonNode metric = single(family);
		assertThat(metric.get("labels").toString()).isEqualTo("[{\"name\":\"operation\",\"value\":\"" + OPERATION
				+ "\"},{\"name\":\"service_name\",\"value\":\"" + this.users + "\"}]");
		JsonNode point = metric.get("metricPoints").get(0);
		assertThat(metric.get("metricPoints")).hasSize(1);
		assertThat(point.get("gaugeValue").get("doubleValue").asDouble()).isEqualTo(12 / 60.0);
		Instant timestamp = Instant.parse(point.get("timestamp").asString());
		assertThat(timestamp.toEpochMilli() % 10_000).isZero();
		assertThat(timestamp).isAfter(Instant.now().minusSeconds(2));
	}

	@Test
	void spanKindSelectsTheSeriesAndServerIsTheDefault() {
		JsonNode client = this.client.getJson("/api/metrics/calls?service=" + encode(this.users)
				+ "&groupByOperation=true&spanKind=client&lookback=60000&step=60000");
		assertThat(single(client).get("labels").get(0).get("value").asString()).isEqualTo("SELECT users");
		assertThat(single(client).get("metricPoints").get(0).get("gaugeValue").get("doubleValue").asDouble())
			.isEqualTo(3 / 60.0);
		JsonNode both = this.client.getJson("/api/metrics/calls?service=" + encode(this.users) + "&service="
				+ encode(this.other) + "&spanKind=client&spanKind=server&lookback=60000&step=60000");
		assertThat(both.get("name").asString()).isEqualTo("service_call_rate");
		assertThat(both.get("metrics")).hasSize(2);
		assertThat(both.get("metrics").get(1).get("labels").toString())
			.isEqualTo("[{\"name\":\"service_name\",\"value\":\"" + this.users + "\"}]");
		assertThat(both.get("metrics").get(1).get("metricPoints").get(0).get("gaugeValue").get("doubleValue")
			.asDouble()).isEqualTo(15 / 60.0);
	}

	@Test
	void errorRateIsTheFractionOfCallsInError() {
		JsonNode family = this.client.getJson("/api/metrics/errors?service=" + encode(this.users)
				+ "&groupByOperation=true&lookback=60000&step=60000");
		assertThat(family.get("name").asString()).isEqualTo("service_operation_error_rate");
		assertThat(single(family).get("metricPoints").get(0).get("gaugeValue").get("doubleValue").asDouble())
			.isEqualTo(2 / 12.0);
	}

	@Test
	void latenciesAreQuantilesInMilliseconds() {
		JsonNode p99 = this.client.getJson("/api/metrics/latencies?service=" + encode(this.users)
				+ "&quantile=0.99&groupByOperation=true&lookback=60000&step=60000");
		assertThat(p99.get("name").asString()).isEqualTo("service_operation_latencies");
		assertThat(p99.get("help").asString()).startsWith("0.99th quantile latency");
		assertThat(single(p99).get("metricPoints").get(0).get("gaugeValue").get("doubleValue").asDouble())
			.isEqualTo(3000.0);
		JsonNode p50 = this.client.getJson("/api/metrics/latencies?service=" + encode(this.users)
				+ "&quantile=0.5&groupByOperation=true&lookback=60000&step=60000");
		assertThat(single(p50).get("metricPoints").get(0).get("gaugeValue").get("doubleValue").asDouble())
			.isCloseTo(50.0, within(50 * 0.045));
	}

	@Test
	void pointsWithoutCallsHaveACallRateOfZeroAndNoLatency() {
		// Ten-second steps over the last two minutes: one of them holds the calls
		String query = "?service=" + encode(this.users) + "&lookback=120000&step=10000";
		JsonNode calls = single(this.client.getJson("/api/metrics/calls" + query)).get("metricPoints");
		assertThat(calls).hasSize(12);
		double total = 0;
		for (JsonNode point : calls) {
			total += point.get("gaugeValue").get("doubleValue").asDouble() * 10;
		}
		assertThat(total).isCloseTo(12, within(1e-9));
		JsonNode latencies = single(this.client.getJson("/api/metrics/latencies" + query + "&quantile=0.95"))
			.get("metricPoints");
		assertThat(latencies.size()).isBetween(1, 2);
	}

	@Test
	void aPointLeadsToTheTracesOfItsBucket() {
		JsonNode p99 = single(this.client.getJson("/api/metrics/latencies?service=" + encode(this.users)
				+ "&quantile=0.99&groupByOperation=true&lookback=60000&step=60000"));
		long end = Instant.parse(p99.get("metricPoints").get(0).get("timestamp").asString()).toEpochMilli();
		// What the Monitor view opens for this point: the operation's traces that started in (end - step, end]
		JsonNode traces = this.client.getJson("/api/traces?service=" + encode(this.users) + "&operation="
				+ encode(OPERATION) + "&start=" + (end - 60_000) * 1000 + "&end=" + (end * 1000 - 1) + "&limit=100")
			.get("data");
		Set<String> found = new HashSet<>();
		traces.forEach((trace) -> found.add(trace.get("traceID").asString()));
		assertThat(found).isEqualTo(this.serverTraces);
		JsonNode slow = this.client.getJson("/api/traces?service=" + encode(this.users) + "&operation="
				+ encode(OPERATION) + "&start=" + (end - 60_000) * 1000 + "&end=" + (end * 1000 - 1)
				+ "&minDuration=2s")
			.get("data");
		assertThat(slow).hasSize(1);
		assertThat(slow.get(0).get("traceID").asString()).isEqualTo(this.slowTrace);
	}

	@Test
	void minStepIsTheResolution() {
		assertThat(this.client.getJson("/api/metrics/minstep").get("data").asLong()).isEqualTo(10_000);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "calls?groupByOperation=true|service",
			"latencies?service=a|quantile", "latencies?service=a&quantile=1.5|quantile",
			"calls?service=a&spanKind=sideways|spanKind", "calls?service=a&step=fast|step",
			"calls?service=a&lookback=-5|lookback", "calls?service=a&groupByOperation=maybe|groupByOperation",
			"calls?service=a&endTs=yesterday|endTs", "calls?service=a&lookback=200000000&step=1|step" })
	void badParametersAreRejectedNamingThem(String query, String parameter) {
		HttpResponse<String> response = this.client.get("/api/metrics/" + query);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = ViewerClient.json(response.body());
		assertThat(body.get("data").isNull()).isTrue();
		assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(400);
		assertThat(body.get("errors").get(0).get("msg").asString()).startsWith("Invalid parameter '" + parameter + "'");
	}

	private static JsonNode single(JsonNode family) {
		assertThat(family.get("metrics")).hasSize(1);
		return family.get("metrics").get(0);
	}

}
