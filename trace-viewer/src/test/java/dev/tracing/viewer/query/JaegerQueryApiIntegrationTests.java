package dev.tracing.viewer.query;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tracing.viewer.OtlpSpans.attribute;
import static dev.tracing.viewer.OtlpSpans.request;
import static dev.tracing.viewer.OtlpSpans.resourceSpans;
import static dev.tracing.viewer.OtlpSpans.span;
import static dev.tracing.viewer.ViewerClient.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jaeger query API contract over real HTTP: shapes, field names and filters.
 * <p>
 * Data: trace A (checkout, 120ms, a payment error), trace B (health check, 2ms, 1s
 * later) and trace C (checkout, 30ms, 2s later), over two services.
 */
@ViewerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerQueryApiIntegrationTests {

	private static final long BASE_MICROS = OtlpSpans.BASE_NANOS / 1000;

	@Autowired
	private ViewerClient client;


	private final String frontend = OtlpSpans.uniqueService("frontend");

	private final String payments = OtlpSpans.uniqueService("payments");

	private final String traceA = OtlpSpans.randomTraceId();

	private final String traceB = OtlpSpans.randomTraceId();

	private final String traceC = OtlpSpans.randomTraceId();

	private final String rootA = OtlpSpans.randomSpanId();

	private final String clientA = OtlpSpans.randomSpanId();

	private final String serverA = OtlpSpans.randomSpanId();

	@BeforeAll
	void ingest() {
		// Payments' spans of A arrive first, in their own batch, as they would from another process
		this.client.export(request(resourceSpans(this.payments, List.of(attribute("host.name", "pay-1")),
				span(this.traceA, "POST /payments").id(this.serverA)
					.parent(this.clientA)
					.kind(Span.SpanKind.SPAN_KIND_SERVER)
					.startMillis(12)
					.durationMillis(83)
					.attribute("http.route", "/payments")
					.attribute("http.status_code", 500)
					.error("card declined")
					.exception("java.lang.IllegalStateException", "card declined",
							"java.lang.IllegalStateException: card declined\n"
									+ "\tat dev.Payments.charge(Payments.java:42)")
					.build(),
				span(this.traceA, "SELECT payments").parent(this.serverA)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startMillis(20)
					.durationMillis(20)
					.attribute("db.system", "postgresql")
					.build())));
		this.client.export(request(resourceSpans(this.frontend,
				span(this.traceA, "GET /checkout").id(this.rootA)
					.kind(Span.SpanKind.SPAN_KIND_SERVER)
					.durationMillis(120)
					.attribute("http.route", "/checkout")
					.attribute(attribute("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
					.attribute(attribute("retried", AnyValue.newBuilder().setBoolValue(true).build()))
					.build(),
				span(this.traceA, "POST /payments").id(this.clientA)
					.parent(this.rootA)
					.kind(Span.SpanKind.SPAN_KIND_CLIENT)
					.startMillis(10)
					.durationMillis(90)
					.build(),
				span(this.traceB, "GET /health").kind(Span.SpanKind.SPAN_KIND_SERVER)
					.startMillis(1000)
					.durationMillis(2)
					.build())));
		String rootC = OtlpSpans.randomSpanId();
		ExportTraceServiceRequest traceCRequest = request(
				resourceSpans(this.frontend,
						span(this.traceC, "GET /checkout").id(rootC).startMillis(2000).durationMillis(30).build()),
				resourceSpans(this.payments, List.of(attribute("host.name", "pay-2")),
						span(this.traceC, "POST /payments").parent(rootC)
							.kind(Span.SpanKind.SPAN_KIND_SERVER)
							.startMillis(2005)
							.durationMillis(15)
							.attribute("http.route", "/payments")
							.attribute("http.status_code", 200)
							.build()));
		this.client.export(traceCRequest);
	}

	@Test
	void servicesAndOperations() {
		JsonNode services = this.client.getJson("/api/services");
		assertEnvelope(services);
		assertThat(texts(services.get("data"))).contains(this.frontend, this.payments);
		assertThat(services.get("total").asInt()).isEqualTo(services.get("data").size());

		JsonNode operations = this.client.getJson("/api/services/" + this.payments + "/operations");
		assertEnvelope(operations);
		assertThat(texts(operations.get("data"))).containsExactly("POST /payments", "SELECT payments");

		JsonNode withKinds = this.client.getJson("/api/operations?service=" + this.frontend + "&spanKind=server");
		assertThat(withKinds.get("data").size()).isEqualTo(2);
		assertThat(withKinds.get("data").get(0).get("name").asString()).isEqualTo("GET /checkout");
		assertThat(withKinds.get("data").get(0).get("spanKind").asString()).isEqualTo("server");
	}

	@Test
	void traceByIdHasJaegersShape() {
		JsonNode response = this.client.getJson("/api/traces/" + this.traceA);
		assertEnvelope(response);
		assertThat(response.get("total").asInt()).isEqualTo(1);
		JsonNode trace = response.get("data").get(0);
		assertThat(trace.get("traceID").asString()).isEqualTo(this.traceA);
		assertThat(trace.has("warnings")).isTrue();
		JsonNode spans = trace.get("spans");
		assertThat(spans.size()).isEqualTo(4);
		for (JsonNode span : spans) {
			assertThat(fieldNames(span)).containsExactlyInAnyOrder("traceID", "spanID", "operationName",
					"references", "flags", "startTime", "duration", "tags", "logs", "processID", "warnings");
			assertThat(span.get("traceID").asString()).isEqualTo(this.traceA);
		}
		// Spans come sorted by start time
		assertThat(texts(spans, "operationName")).containsExactly("GET /checkout", "POST /payments",
				"POST /payments", "SELECT payments");

		JsonNode root = spans.get(0);
		assertThat(root.get("spanID").asString()).isEqualTo(this.rootA);
		assertThat(root.get("references").size()).isZero();
		assertThat(root.get("startTime").asLong()).isEqualTo(BASE_MICROS);
		assertThat(root.get("duration").asLong()).isEqualTo(120_000);
		assertThat(tag(root, "http.route")).isEqualTo("string:/checkout");
		assertThat(tag(root, "ratio")).isEqualTo("float64:0.25");
		assertThat(tag(root, "retried")).isEqualTo("bool:true");
		assertThat(tag(root, "span.kind")).isEqualTo("string:server");
		assertThat(tag(root, "error")).isNull();

		JsonNode server = spans.get(2);
		assertThat(server.get("spanID").asString()).isEqualTo(this.serverA);
		JsonNode reference = server.get("references").get(0);
		assertThat(reference.get("refType").asString()).isEqualTo("CHILD_OF");
		assertThat(reference.get("traceID").asString()).isEqualTo(this.traceA);
		assertThat(reference.get("spanID").asString()).isEqualTo(this.clientA);
		assertThat(server.get("startTime").asLong()).isEqualTo(BASE_MICROS + 12_000);
		assertThat(server.get("duration").asLong()).isEqualTo(83_000);
		assertThat(tag(server, "http.status_code")).isEqualTo("int64:500");
		assertThat(server.get("tags").findValues("value")).anySatisfy((value) -> assertThat(value.isNumber()).isTrue());
		assertThat(tag(server, "otel.status_code")).isEqualTo("string:ERROR");
		assertThat(tag(server, "otel.status_description")).isEqualTo("string:card declined");
		assertThat(tag(server, "error")).isEqualTo("bool:true");
		assertThat(tag(server, "otel.scope.name")).isEqualTo("string:test-scope");
		JsonNode log = server.get("logs").get(0);
		assertThat(log.get("timestamp").asLong()).isBetween(BASE_MICROS + 12_000, BASE_MICROS + 95_000);
		assertThat(fieldValue(log, "event")).isEqualTo("exception");
		assertThat(fieldValue(log, "exception.stacktrace")).contains("at dev.Payments.charge(Payments.java:42)");

		// One process per resource, referenced by the spans
		JsonNode processes = trace.get("processes");
		assertThat(fieldNames(processes)).containsExactlyInAnyOrder("p1", "p2");
		assertThat(processes.get(root.get("processID").asString()).get("serviceName").asString())
			.isEqualTo(this.frontend);
		JsonNode paymentsProcess = processes.get(server.get("processID").asString());
		assertThat(paymentsProcess.get("serviceName").asString()).isEqualTo(this.payments);
		assertThat(paymentsProcess.get("tags").findValues("key")).extracting(JsonNode::asString)
			.containsExactly("service.name", "host.name");
	}

	@Test
	void traceIdsWithoutLeadingZerosAreFound() {
		String paddedTrace = "00000000000000000000000000" + OtlpSpans.randomSpanId().substring(0, 6);
		String shortId = paddedTrace.replaceFirst("^0+", "");
		// A service of its own, so the searches of the other tests do not see this trace
		String service = OtlpSpans.uniqueService("short-ids");
		this.client.export(request(resourceSpans(service, span(paddedTrace, "short id").build())));
		JsonNode response = this.client.getJson("/api/traces/" + shortId);
		assertThat(response.get("data").get(0).get("traceID").asString()).isEqualTo(paddedTrace);
	}

	@Test
	void unknownAndInvalidTraceIds() {
		HttpResponse<String> unknown = this.client.get("/api/traces/" + OtlpSpans.randomTraceId());
		assertThat(unknown.statusCode()).isEqualTo(404);
		JsonNode body = ViewerClient.json(unknown.body());
		assertThat(body.get("data").isNull()).isTrue();
		assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(404);
		assertThat(body.get("errors").get(0).get("msg").asString()).startsWith("trace not found");

		HttpResponse<String> invalid = this.client.get("/api/traces/not-a-trace-id");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(ViewerClient.json(invalid.body()).get("errors").get(0).get("msg").asString())
			.contains("'traceId'", "not a trace id");
	}

	@Test
	void searchByServiceReturnsTheLatestFirst() {
		assertThat(search("service=" + this.payments)).containsExactly(this.traceC, this.traceA);
		assertThat(search("service=" + this.frontend)).containsExactly(this.traceC, this.traceB, this.traceA);
		assertThat(search("service=nobody-" + OtlpSpans.randomSpanId())).isEmpty();
	}

	@Test
	void searchResultsHaveTheEnvelopeAndFullTraces() {
		JsonNode response = this.client.getJson("/api/traces?service=" + this.payments + "&lookback=1h");
		assertEnvelope(response);
		assertThat(response.get("total").asInt()).isEqualTo(2);
		// Whole traces, spans of every service included
		assertThat(response.get("data").get(1).get("spans").size()).isEqualTo(4);
	}

	@Test
	void searchByOperation() {
		assertThat(search("service=" + this.frontend + "&operation=" + encode("GET /health")))
			.containsExactly(this.traceB);
		// The operation must belong to the service
		assertThat(search("service=" + this.frontend + "&operation=" + encode("SELECT payments"))).isEmpty();
	}

	@Test
	void searchByTags() {
		assertThat(search("service=" + this.payments + "&tags=" + encode("{\"error\":\"true\"}")))
			.containsExactly(this.traceA);
		assertThat(search("service=" + this.payments + "&tags=" + encode("{\"http.route\":\"/payments\"}")))
			.containsExactly(this.traceC, this.traceA);
		assertThat(search("service=" + this.payments + "&tags="
				+ encode("{\"http.route\":\"/payments\",\"http.status_code\":200}")))
			.containsExactly(this.traceC);
		// Resource attributes and event attributes count, as Jaeger's process tags and logs do
		assertThat(search("service=" + this.payments + "&tags=" + encode("{\"host.name\":\"pay-1\"}")))
			.containsExactly(this.traceA);
		assertThat(search("service=" + this.payments + "&tags="
				+ encode("{\"exception.type\":\"java.lang.IllegalStateException\"}")))
			.containsExactly(this.traceA);
		// The older repeatable form
		assertThat(search("service=" + this.payments + "&tag=" + encode("db.system:postgresql")))
			.containsExactly(this.traceA);
		assertThat(search("service=" + this.frontend + "&tags=" + encode("{\"error\":\"true\"}"))).isEmpty();
	}

	@Test
	void searchByDuration() {
		assertThat(search("service=" + this.frontend + "&minDuration=100ms")).containsExactly(this.traceA);
		assertThat(search("service=" + this.frontend + "&maxDuration=2ms")).containsExactly(this.traceB);
		assertThat(search("service=" + this.frontend + "&minDuration=0.02s&maxDuration=" + encode("30000us")))
			.containsExactly(this.traceC);
		assertThat(search("service=" + this.payments + "&minDuration=1.5s")).isEmpty();
	}

	@Test
	void searchByTimeWindowAndLimit() {
		assertThat(search("service=" + this.frontend + "&start=" + (BASE_MICROS + 1_500_000)))
			.containsExactly(this.traceC);
		assertThat(search("service=" + this.frontend + "&start=" + (BASE_MICROS + 500_000) + "&end="
				+ (BASE_MICROS + 1_500_000)))
			.containsExactly(this.traceB);
		assertThat(search("service=" + this.frontend + "&lookback=1h")).hasSize(3);
		assertThat(search("service=" + this.frontend + "&limit=1")).containsExactly(this.traceC);
		assertThat(search("service=" + this.frontend + "&limit=2")).containsExactly(this.traceC, this.traceB);
	}

	@Test
	void searchByTraceIds() {
		assertThat(search("traceID=" + this.traceA + "&traceID=" + this.traceB))
			.containsExactlyInAnyOrder(this.traceA, this.traceB);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			minDuration=fast                     | minDuration | cannot parse 'fast' as a duration
			maxDuration=10                       | maxDuration | cannot parse '10' as a duration
			minDuration=2s&maxDuration=1s        | maxDuration | must not be less than minDuration
			tags=%7Bbroken                       | tags        | malformed JSON
			tags=%5B1%5D                         | tags        | expected a JSON object
			tags=%7B%22a%22%3A%7B%7D%7D          | tags        | the value of 'a' must be a string
			tag=novalue                          | tag         | expected key:value
			limit=-1                             | limit       | must not be negative
			limit=many                           | limit       | cannot parse 'many' as a whole number
			start=yesterday                      | start       | as a time in microseconds
			start=200&end=100                    | end         | must not be before start
			lookback=forever                     | lookback    | cannot parse 'forever' as a duration
			traceID=xyz                          | traceID     | not a trace id
			""")
	void badParametersAreBadRequestsNamingTheParameter(String query, String parameter, String reason) {
		HttpResponse<String> response = this.client.get("/api/traces?service=" + this.frontend + "&" + query);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = ViewerClient.json(response.body());
		assertThat(body.get("data").isNull()).isTrue();
		JsonNode error = body.get("errors").get(0);
		assertThat(error.get("code").asInt()).isEqualTo(400);
		assertThat(error.get("msg").asString()).startsWith("Invalid parameter '" + parameter + "'").contains(reason);
	}

	private List<String> search(String query) {
		JsonNode response = this.client.getJson("/api/traces?" + query);
		return texts(response.get("data"), "traceID");
	}

	private static void assertEnvelope(JsonNode response) {
		assertThat(fieldNames(response)).containsExactlyInAnyOrder("data", "total", "limit", "offset", "errors");
		assertThat(response.get("limit").asInt()).isZero();
		assertThat(response.get("offset").asInt()).isZero();
		assertThat(response.get("errors").isNull()).isTrue();
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.properties().forEach((entry) -> names.add(entry.getKey()));
		return names;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asString()));
		return texts;
	}

	private static List<String> texts(JsonNode array, String field) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.get(field).asString()));
		return texts;
	}

	/** Return a tag as "type:value", or null when the span does not have it. */
	private static String tag(JsonNode span, String key) {
		for (JsonNode tag : span.get("tags")) {
			if (tag.get("key").asString().equals(key)) {
				return tag.get("type").asString() + ":" + tag.get("value").asString();
			}
		}
		return null;
	}

	private static String fieldValue(JsonNode log, String key) {
		for (JsonNode field : log.get("fields")) {
			if (field.get("key").asString().equals(key)) {
				return field.get("value").asString();
			}
		}
		return null;
	}

}
