package dev.tracing.demo.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exemplars, as a user of the starter gets them: both demo services (the starter, actuator and
 * {@code micrometer-registry-prometheus}, nothing else) on random ports, one payment whose incoming
 * {@code traceparent} is sampled and one whose is not, then {@code /actuator/prometheus} scraped in the OpenMetrics
 * format. The HTTP server and client duration histograms carry the sampled trace, with the ids of spans that were
 * really exported (captured where the exporter would send them, by {@code tracing-spring-boot-test}); the unsampled
 * trace is nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusExemplarsIntegrationTests {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	private static final Pattern EXEMPLAR = Pattern
		.compile("# \\{(?:span_id=\"(?<span>[0-9a-f]{16})\",trace_id=\"(?<trace>[0-9a-f]{32})\""
				+ "|trace_id=\"(?<trace2>[0-9a-f]{32})\",span_id=\"(?<span2>[0-9a-f]{16})\")\\}");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// One test instance for the class: the demo starts once, with it
	private final DemoServices demo = DemoServices.start();

	@AfterAll
	void stopTheDemo() {
		this.demo.close();
	}

	@Test
	void httpDurationHistogramsCarryExemplarsOfSampledRequestsOnly() throws Exception {
		String sampled = randomHex(16);
		String unsampled = randomHex(16);
		pay(sampled, "01");
		pay(unsampled, "00");
		List<SpanData> trace = this.demo.spans()
			.awaitSpans((all) -> inTrace(all, sampled).size() >= 10, "the 10 spans of the sampled payment",
					Duration.ofSeconds(20))
			.stream()
			.filter((span) -> span.getTraceId().equals(sampled))
			.toList();
		Set<String> exportedSpanIds = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());

		// A server meter is recorded just after its response is sent: wait until both payments are counted
		String payments = scrape(this.demo.paymentPort());
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (countOf(payments, "uri=\"/payments\"") < 2 && System.nanoTime() < deadline) {
			Thread.sleep(50);
			payments = scrape(this.demo.paymentPort());
		}
		String users = scrape(this.demo.userPort());

		// payment-service's server histogram: the exemplar is its exported SERVER span
		List<Exemplar> server = exemplars(payments, "http_server_requests_seconds_bucket", "uri=\"/payments\"");
		assertThat(server).isNotEmpty().allSatisfy((exemplar) -> assertThat(exemplar.traceId()).isEqualTo(sampled));
		String serverSpan = trace.stream()
			.filter((span) -> "payment-service".equals(span.getResource().getAttribute(SERVICE_NAME))
					&& span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElseThrow()
			.getSpanId();
		assertThat(server).extracting(Exemplar::spanId).containsOnly(serverSpan);

		// payment-service's client histograms, of its calls to user-service and to the provider: spans of the trace
		for (String uri : List.of("uri=\"/users/{id}\"", "uri=\"/v1/payment_intents\"")) {
			List<Exemplar> client = exemplars(payments, "http_client_requests_seconds_bucket", uri);
			assertThat(client).as(uri).isNotEmpty().allSatisfy((exemplar) -> {
				assertThat(exemplar.traceId()).isEqualTo(sampled);
				assertThat(exportedSpanIds).contains(exemplar.spanId());
			});
		}

		// user-service continues the sampled trace, and its server histogram says so
		List<Exemplar> userServer = exemplars(users, "http_server_requests_seconds_bucket", "uri=\"/users/{id}\"");
		assertThat(userServer).isNotEmpty().allSatisfy((exemplar) -> {
			assertThat(exemplar.traceId()).isEqualTo(sampled);
			assertThat(exportedSpanIds).contains(exemplar.spanId());
		});

		// The unsampled payment was counted, but is no exemplar anywhere
		assertThat(payments).contains("http_server_requests_seconds_count{").doesNotContain(unsampled);
		assertThat(countOf(payments, "uri=\"/payments\"")).isEqualTo(2);
		assertThat(users).doesNotContain(unsampled);
		assertThat(inTrace(this.demo.spans().spans(), unsampled)).isEmpty();
	}

	private static List<SpanData> inTrace(List<SpanData> spans, String traceId) {
		return spans.stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	private void pay(String traceId, String flags) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.demo.paymentPort() + "/payments"))
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-" + flags)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"userId\":\"u_1001\",\"amountCents\":4999,\"currency\":\"EUR\",\"paymentMethodId\":\"pm_card_visa\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private String scrape(int port) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.header("Accept", OPENMETRICS)
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text"));
		return response.body();
	}

	private static List<Exemplar> exemplars(String scrape, String metric, String label) {
		List<Exemplar> exemplars = new ArrayList<>();
		for (String line : scrape.split("\n")) {
			if (line.startsWith(metric + "{") && line.contains(label)) {
				Matcher matcher = EXEMPLAR.matcher(line);
				if (matcher.find()) {
					String trace = (matcher.group("trace") != null) ? matcher.group("trace") : matcher.group("trace2");
					String span = (matcher.group("span") != null) ? matcher.group("span") : matcher.group("span2");
					exemplars.add(new Exemplar(trace, span));
				}
			}
		}
		return exemplars;
	}

	private static long countOf(String scrape, String label) {
		for (String line : scrape.split("\n")) {
			if (line.startsWith("http_server_requests_seconds_count{") && line.contains(label)) {
				String sample = line.split(" # ")[0];
				String value = sample.substring(sample.lastIndexOf('}') + 1).trim().split(" ")[0];
				return (long) Double.parseDouble(value);
			}
		}
		return 0;
	}

	private static String randomHex(int bytes) {
		byte[] id = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(id);
		id[0] |= 0x10;
		return HexFormat.of().formatHex(id);
	}

	record Exemplar(String traceId, String spanId) {

	}

}
