package dev.tracing.viewer.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static dev.tracing.viewer.ViewerClient.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * N+1 queries over real OTLP/HTTP and the Jaeger query API: a trace whose request span runs the same statement six
 * times is flagged and found by its tag, in both the stable and the older database conventions; a trace with six
 * different statements is not.
 */
@ViewerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NPlusOneQueryIntegrationTests {

	private static final String REPEATED = "SELECT * FROM orders WHERE user_id = ?";

	@Autowired
	private ViewerClient client;


	private final String service = OtlpSpans.uniqueService("orders");

	private final String repeated = OtlpSpans.randomTraceId();

	private final String olderNames = OtlpSpans.randomTraceId();

	private final String different = OtlpSpans.randomTraceId();

	private final String repeatedRoot = OtlpSpans.randomSpanId();

	@BeforeAll
	void ingest() {
		this.client.export(request(resourceSpans(this.service, trace(this.repeated, this.repeatedRoot,
				(i) -> REPEATED, "db.system.name", "db.query.text"))));
		this.client.export(request(resourceSpans(this.service, trace(this.olderNames, OtlpSpans.randomSpanId(),
				(i) -> REPEATED, "db.system", "db.statement"))));
		this.client.export(request(resourceSpans(this.service, trace(this.different, OtlpSpans.randomSpanId(),
				(i) -> "SELECT * FROM table_" + i + " WHERE id = ?", "db.system.name", "db.query.text"))));
	}

	@Test
	void theRequestSpanOfAnNPlusOneCarriesItsCountAndStatement() {
		JsonNode trace = this.client.getJson("/api/traces/" + this.repeated).get("data").get(0);
		Map<String, JsonNode> root = null;
		List<Map<String, JsonNode>> repeatedSpans = new ArrayList<>();
		for (JsonNode span : trace.get("spans")) {
			Map<String, JsonNode> tags = tags(span);
			if (span.get("spanID").asString().equals(this.repeatedRoot)) {
				root = tags;
			}
			else if (tags.containsKey("n_plus_one.repeated")) {
				repeatedSpans.add(tags);
			}
		}
		assertThat(root).isNotNull();
		assertThat(root.get("n_plus_one").asBoolean()).isTrue();
		assertThat(root.get("n_plus_one.count").asLong()).isEqualTo(6);
		assertThat(root.get("n_plus_one.statement").asString()).isEqualTo(REPEATED);
		assertThat(repeatedSpans).hasSize(6)
			.allSatisfy((tags) -> assertThat(tags.get("n_plus_one.repeated").asLong()).isEqualTo(6));
	}

	@Test
	void nPlusOneTracesAreFoundByTheirTag() {
		JsonNode found = this.client.getJson("/api/traces?service=" + this.service + "&tags="
				+ encode("{\"n_plus_one\":\"true\"}"));
		assertThat(traceIds(found)).containsExactlyInAnyOrder(this.repeated, this.olderNames);
		JsonNode byCount = this.client.getJson("/api/traces?service=" + this.service + "&tag=n_plus_one.count:6");
		assertThat(traceIds(byCount)).containsExactlyInAnyOrder(this.repeated, this.olderNames);
	}

	@Test
	void sixDifferentStatementsAreNotAnNPlusOne() {
		JsonNode trace = this.client.getJson("/api/traces/" + this.different).get("data").get(0);
		for (JsonNode span : trace.get("spans")) {
			assertThat(tags(span).keySet()).noneMatch((key) -> key.startsWith("n_plus_one"));
		}
	}

	private static Span[] trace(String traceId, String rootId, java.util.function.IntFunction<String> statement,
			String systemKey, String statementKey) {
		List<Span> spans = new ArrayList<>();
		spans.add(span(traceId, "GET /users/{id}/orders").id(rootId)
			.kind(Span.SpanKind.SPAN_KIND_SERVER)
			.durationMillis(50)
			.build());
		for (int i = 0; i < 6; i++) {
			spans.add(span(traceId, "SELECT orders").parent(rootId)
				.kind(Span.SpanKind.SPAN_KIND_CLIENT)
				.startMillis(5 + i * 6)
				.durationMillis(5)
				.attribute(systemKey, "postgresql")
				.attribute(statementKey, statement.apply(i))
				.build());
		}
		return spans.toArray(Span[]::new);
	}

	private static Map<String, JsonNode> tags(JsonNode span) {
		Map<String, JsonNode> tags = new HashMap<>();
		for (JsonNode tag : span.get("tags")) {
			tags.put(tag.get("key").asString(), tag.get("value"));
		}
		return tags;
	}

	private static List<String> traceIds(JsonNode response) {
		List<String> ids = new ArrayList<>();
		response.get("data").forEach((trace) -> ids.add(trace.get("traceID").asString()));
		return ids;
	}

}
