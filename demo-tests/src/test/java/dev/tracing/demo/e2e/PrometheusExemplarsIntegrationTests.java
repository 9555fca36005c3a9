package dev.tracing.demo.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tracing.demo.e2e.OtlpReceiver.ReceivedSpan;
import dev.tracing.demo.payment.PaymentServiceApplication;
import dev.tracing.demo.provider.StubPaymentProvider;
import dev.tracing.demo.user.UserServiceApplication;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exemplars, as a user of the starter gets them: both demo services (the starter, actuator and
 * {@code micrometer-registry-prometheus}, nothing else) on random ports, one payment whose incoming
 * {@code traceparent} is sampled and one whose is not, then {@code /actuator/prometheus} scraped in the OpenMetrics
 * format. The HTTP server and client duration histograms carry the sampled trace, with the ids of spans that were
 * really exported; the unsampled trace is nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusExemplarsIntegrationTests {

	private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	private static final Pattern EXEMPLAR = Pattern
		.compile("# \\{(?:span_id=\"(?<span>[0-9a-f]{16})\",trace_id=\"(?<trace>[0-9a-f]{32})\""
				+ "|trace_id=\"(?<trace2>[0-9a-f]{32})\",span_id=\"(?<span2>[0-9a-f]{16})\")\\}");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private OtlpReceiver receiver;

	private StubPaymentProvider provider;

	private ConfigurableApplicationContext userService;

	private ConfigurableApplicationContext paymentService;

	private int userPort;

	private int paymentPort;

	@BeforeAll
	void startTheDemo() throws Exception {
		this.receiver = new OtlpReceiver();
		this.provider = StubPaymentProvider.start("127.0.0.1", 0);
		this.userPort = freePort();
		String[] userArguments = arguments(UserServiceApplication.class, "--server.port=" + this.userPort);
		String[] paymentArguments = arguments(PaymentServiceApplication.class, "--server.port=0",
				"--demo.user-service.base-url=http://localhost:" + this.userPort,
				"--demo.provider.base-url=http://127.0.0.1:" + this.provider.port(),
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
		CompletableFuture<ConfigurableApplicationContext> user = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(UserServiceApplication.class).run(userArguments));
		CompletableFuture<ConfigurableApplicationContext> payment = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(PaymentServiceApplication.class).run(paymentArguments));
		CompletableFuture.allOf(user, payment).exceptionally((ex) -> null).join();
		this.userService = user.getNow(null);
		this.paymentService = payment.getNow(null);
		assertThat(user).isCompleted().isNotCompletedExceptionally();
		assertThat(payment).isCompleted().isNotCompletedExceptionally();
		this.paymentPort = this.paymentService.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	void stopTheDemo() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.paymentService, this.userService, this.provider,
				this.receiver }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// keep closing the others
			}
		}
	}

	@Test
	void httpDurationHistogramsCarryExemplarsOfSampledRequestsOnly() throws Exception {
		String sampled = randomHex(16);
		String unsampled = randomHex(16);
		pay(sampled, "01");
		pay(unsampled, "00");
		List<ReceivedSpan> trace = this.receiver.awaitTrace((span) -> span.traceId().equals(sampled),
				(spans) -> spans.size() >= 10, Duration.ofSeconds(20));
		Set<String> exportedSpanIds = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());

		// A server meter is recorded just after its response is sent: wait until both payments are counted
		String payments = scrape(this.paymentPort);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (countOf(payments, "uri=\"/payments\"") < 2 && System.nanoTime() < deadline) {
			Thread.sleep(50);
			payments = scrape(this.paymentPort);
		}
		String users = scrape(this.userPort);

		// payment-service's server histogram: the exemplar is its exported SERVER span
		List<Exemplar> server = exemplars(payments, "http_server_requests_seconds_bucket", "uri=\"/payments\"");
		assertThat(server).isNotEmpty().allSatisfy((exemplar) -> assertThat(exemplar.traceId()).isEqualTo(sampled));
		String serverSpan = trace.stream()
			.filter((span) -> span.service().equals("payment-service") && span.kind() == SpanKind.SPAN_KIND_SERVER)
			.findFirst()
			.orElseThrow()
			.spanId();
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
		assertThat(this.receiver.trace(unsampled)).isEmpty();
	}

	private void pay(String traceId, String flags) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.paymentPort + "/payments"))
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

	private String[] arguments(Class<?> application, String... more) throws URISyntaxException {
		List<String> arguments = new ArrayList<>(List.of("--spring.config.location=" + applicationYaml(application),
				"--server.address=127.0.0.1", "--tracing.export.otlp.endpoint=" + this.receiver.endpoint(),
				"--tracing.export.batch.schedule-delay=100ms"));
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	private static String applicationYaml(Class<?> application) throws URISyntaxException {
		Path location = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
		return Files.isDirectory(location) ? location.resolve("application.yml").toUri().toString()
				: "jar:" + location.toUri() + "!/application.yml";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	record Exemplar(String traceId, String spanId) {

	}

}
