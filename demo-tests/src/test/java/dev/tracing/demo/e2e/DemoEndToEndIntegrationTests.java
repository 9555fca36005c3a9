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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.tracing.demo.e2e.OtlpReceiver.ReceivedSpan;
import dev.tracing.demo.payment.PaymentServiceApplication;
import dev.tracing.demo.provider.StubPaymentProvider;
import dev.tracing.demo.user.UserServiceApplication;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end, as a user runs it: user-service and payment-service, each with its own
 * {@code application.yml}, on random ports, calling each other and the stub payment provider over real HTTP, and
 * exporting over OTLP/HTTP to a receiver that decodes the protobuf. The assertions are on what was really exported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndIntegrationTests {

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

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
		// Both services start at once: user-service on a port chosen here, so that payment-service knows it.
		this.userPort = freePort();
		String[] userArguments = arguments(UserServiceApplication.class, "--server.port=" + this.userPort);
		// Both services share this JVM's class path: only user-service has a database, as when run from its jar.
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
		this.paymentPort = localPort(this.paymentService);
	}

	@AfterAll
	void stopTheDemo() {
		if (this.paymentService != null) {
			this.paymentService.close();
		}
		if (this.userService != null) {
			this.userService.close();
		}
		if (this.provider != null) {
			this.provider.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@Test
	void paymentIsOneTraceAcrossBothServicesAndTheProviderCall() throws Exception {
		Map<String, Object> response = pay("u_1001", 4999, "EUR", "pm_card_visa", 200);
		assertThat(response).containsEntry("success", true);
		String intentId = (String) response.get("paymentIntentId");
		assertThat(intentId).startsWith("pi_");

		List<ReceivedSpan> trace = awaitPaymentTrace("u_1001", "pm_card_visa", 10);
		assertThat(trace).extracting(ReceivedSpan::status).doesNotContain(StatusCode.STATUS_CODE_ERROR);
		ReceivedSpan root = only(trace, "payment-service", SpanKind.SPAN_KIND_SERVER, "POST /payments");
		assertThat(root.parentSpanId()).isEmpty();
		assertThat(root.attribute("http.route")).isEqualTo("/payments");
		assertThat(root.longAttribute("http.response.status_code")).isEqualTo(200);

		ReceivedSpan process = only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, "process_payment");
		assertThat(process.isChildOf(root)).isTrue();
		assertThat(process.longAttribute("payment.amount_cents")).isEqualTo(4999);
		assertThat(process.attribute("payment.currency")).isEqualTo("EUR");
		assertThat(process.attribute("payment.method")).isEqualTo("pm_card_visa");
		assertThat(process.attribute("user.id")).isEqualTo("u_1001");
		assertThat(process.attribute("tenant.id")).isEqualTo("acme");
		assertThat(process.attribute("payment.intent_id")).isEqualTo(intentId);

		ReceivedSpan validate = only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, "validate_payment");
		assertThat(validate.isChildOf(process)).isTrue();
		assertThat(validate.attribute("payment.currency")).isEqualTo("EUR");
		assertThat(validate.longAttribute("payment.amount_cents")).isEqualTo(4999);

		ReceivedSpan userCall = only(trace, "payment-service", SpanKind.SPAN_KIND_CLIENT, "GET");
		assertThat(userCall.isChildOf(process)).isTrue();
		assertThat(userCall.attribute("url.full")).isEqualTo("http://localhost:" + this.userPort + "/users/u_1001");
		ReceivedSpan userServer = only(trace, "user-service", SpanKind.SPAN_KIND_SERVER, "GET /users/{id}");
		assertThat(userServer.isChildOf(userCall)).as("user-service continues the caller's trace").isTrue();
		assertThat(userServer.attribute("http.route")).isEqualTo("/users/{id}");
		ReceivedSpan history = only(trace, "user-service", SpanKind.SPAN_KIND_INTERNAL, "load_account_history");
		assertThat(history.isChildOf(userServer)).isTrue();
		assertThat(history.longAttribute("account.events_read")).isEqualTo(20);
		ReceivedSpan userQuery = only(trace, "user-service", SpanKind.SPAN_KIND_CLIENT, "SELECT users");
		assertThat(userQuery.isChildOf(userServer)).isTrue();
		assertThat(userQuery.attribute("db.system.name")).isEqualTo("h2database");
		assertThat(userQuery.attribute("db.query.text"))
			.isEqualTo("SELECT id, name, tenant_id, status FROM users WHERE id = ?");
		ReceivedSpan eventsQuery = only(trace, "user-service", SpanKind.SPAN_KIND_CLIENT, "SELECT account_events");
		assertThat(eventsQuery.isChildOf(history)).isTrue();
		assertThat(eventsQuery.longAttribute("db.response.returned_rows")).isEqualTo(20);

		ReceivedSpan charge = only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, "provider_charge");
		assertThat(charge.isChildOf(process)).isTrue();
		assertThat(charge.attribute("stripe.payment_method")).isEqualTo("pm_card_visa");
		assertThat(charge.attribute("stripe.payment_intent_id")).isEqualTo(intentId);
		ReceivedSpan providerCall = only(trace, "payment-service", SpanKind.SPAN_KIND_CLIENT, "POST");
		assertThat(providerCall.isChildOf(charge)).isTrue();
		assertThat(providerCall.attribute("server.address")).isEqualTo("127.0.0.1");
		assertThat(providerCall.attribute("url.full"))
			.isEqualTo("http://127.0.0.1:" + this.provider.port() + "/v1/payment_intents");
		assertThat(providerCall.longAttribute("http.response.status_code")).isEqualTo(200);

		assertThat(this.provider.paymentIntentRequests()).isPositive();
		assertThat(this.provider.traceHeadersReceived()).as("trace headers sent to the excluded provider host")
			.isEmpty();
	}

	@Test
	void eachServiceDescribesItselfInItsResource() throws Exception {
		pay("u_1002", 1500, "GBP", "pm_card_amex", 200);
		List<ReceivedSpan> trace = awaitPaymentTrace("u_1002", "pm_card_amex", 10);
		for (ReceivedSpan span : trace) {
			assertThat(span.resourceAttribute("deployment.environment.name")).isEqualTo("demo");
			assertThat(span.resourceAttribute("service.version")).isEqualTo("0.1.0-SNAPSHOT");
			assertThat(span.resourceAttribute("telemetry.sdk.language")).isEqualTo("java");
		}
		assertThat(trace).filteredOn((span) -> span.service().equals("payment-service"))
			.hasSize(6)
			.allSatisfy((span) -> assertThat(span.resourceAttribute("team")).isEqualTo("payments"));
		assertThat(trace).filteredOn((span) -> span.service().equals("user-service"))
			.hasSize(4)
			.allSatisfy((span) -> assertThat(span.resourceAttribute("team")).isEqualTo("identity"));
		assertThat(this.receiver.paths()).containsOnly("POST /v1/traces");
	}

	@Test
	void declinedCardIsAnErrorTraceWithTheExceptionRecorded() throws Exception {
		Map<String, Object> response = pay("u_1002", 12000, "USD", StubPaymentProvider.DECLINED_PAYMENT_METHOD, 402);
		assertThat(response).containsEntry("success", false).containsEntry("error", "card_declined");

		List<ReceivedSpan> trace = awaitPaymentTrace("u_1002", StubPaymentProvider.DECLINED_PAYMENT_METHOD, 10);
		ReceivedSpan providerCall = only(trace, "payment-service", SpanKind.SPAN_KIND_CLIENT, "POST");
		assertThat(providerCall.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(providerCall.longAttribute("http.response.status_code")).isEqualTo(402);
		for (String name : List.of("provider_charge", "process_payment")) {
			ReceivedSpan span = only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, name);
			assertThat(span.status()).as(name).isEqualTo(StatusCode.STATUS_CODE_ERROR);
			assertThat(span.span().getStatus().getMessage()).contains("card_declined");
			assertThat(span.exceptionMessages()).as(name).singleElement().asString().contains("card_declined");
			assertThat(span.attribute("error.type")).endsWith("CardDeclined");
		}
		ReceivedSpan root = only(trace, "payment-service", SpanKind.SPAN_KIND_SERVER, "POST /payments");
		assertThat(root.longAttribute("http.response.status_code")).isEqualTo(402);
		assertThat(only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, "validate_payment").status())
			.isEqualTo(StatusCode.STATUS_CODE_UNSET);
		assertThat(this.provider.traceHeadersReceived()).isEmpty();
	}

	@Test
	void rejectedPaymentIsRecordedOnValidatePayment() throws Exception {
		Map<String, Object> response = pay("u_1003", 500, "EUR", "pm_card_visa", 422);
		assertThat(response).containsEntry("success", false).containsEntry("error", "user_not_active");
		List<ReceivedSpan> trace = awaitPaymentTrace("u_1003", "pm_card_visa", 6);
		ReceivedSpan validate = only(trace, "payment-service", SpanKind.SPAN_KIND_INTERNAL, "validate_payment");
		assertThat(validate.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(validate.exceptionMessages()).singleElement().asString().contains("suspended");
		assertThat(trace).extracting(ReceivedSpan::name).doesNotContain("provider_charge");
	}

	@Test
	void unknownUserIs404AtUserServiceAndRejectedByPaymentService() throws Exception {
		HttpResponse<String> user = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.userPort + "/users/u_nobody")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(user.statusCode()).isEqualTo(404);
		Map<String, Object> response = pay("u_nobody", 500, "EUR", "pm_card_visa", 422);
		assertThat(response).containsEntry("success", false).containsEntry("error", "unknown_user");
		List<ReceivedSpan> trace = awaitPaymentTrace("u_nobody", "pm_card_visa", 5);
		ReceivedSpan userCall = only(trace, "payment-service", SpanKind.SPAN_KIND_CLIENT, "GET");
		assertThat(userCall.longAttribute("http.response.status_code")).isEqualTo(404);
		assertThat(only(trace, "user-service", SpanKind.SPAN_KIND_SERVER, "GET /users/{id}")
			.longAttribute("http.response.status_code")).isEqualTo(404);
	}

	@Test
	void slowUserGivesATraceOverTwoSecondsWhoseSlowSpanSaysWhy() throws Exception {
		Map<String, Object> response = pay("slow", 2500, "EUR", "pm_card_mastercard", 200);
		assertThat(response).containsEntry("success", true);

		List<ReceivedSpan> trace = awaitPaymentTrace("slow", "pm_card_mastercard", 10);
		ReceivedSpan root = only(trace, "payment-service", SpanKind.SPAN_KIND_SERVER, "POST /payments");
		assertThat(root.duration()).isGreaterThan(Duration.ofSeconds(2));
		assertThat(root.status()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
		// The deepest span that takes most of the time, and its attributes, tell why.
		ReceivedSpan history = only(trace, "user-service", SpanKind.SPAN_KIND_INTERNAL, "load_account_history");
		assertThat(history.duration()).isGreaterThan(Duration.ofSeconds(2));
		assertThat(history.attribute("user.id")).isEqualTo("slow");
		assertThat(history.longAttribute("account.events_read")).isEqualTo(150_000);
		assertThat(history.longAttribute("account.events_used")).isBetween(2_000L, 2_200L);
		assertThat(history.attribute("account.history_window")).isEqualTo("unbounded");
		ReceivedSpan query = only(trace, "user-service", SpanKind.SPAN_KIND_CLIENT, "SELECT account_events");
		assertThat(query.isChildOf(history)).isTrue();
		assertThat(query.attribute("db.query.text"))
			.isEqualTo("SELECT id, type, amount_cents, created_at FROM account_events WHERE user_id = ?");
		assertThat(query.longAttribute("db.response.returned_rows")).isEqualTo(150_000);
		assertThat(query.duration()).as("a database span lasts until its rows are read")
			.isGreaterThan(Duration.ofSeconds(2));
		ReceivedSpan userServer = only(trace, "user-service", SpanKind.SPAN_KIND_SERVER, "GET /users/{id}");
		assertThat(history.isChildOf(userServer)).isTrue();
		assertThat(userServer.duration()).isGreaterThan(Duration.ofSeconds(2));
	}

	@Test
	void healthProbesAnswerAndMakeNoSpans() throws Exception {
		for (int port : new int[] { this.userPort, this.paymentPort }) {
			for (String probe : List.of("liveness", "readiness")) {
				HttpResponse<String> response = this.http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains("\"UP\"");
			}
		}
		flush(this.userService);
		flush(this.paymentService);
		assertThat(this.receiver.spans()).noneMatch((span) -> String.valueOf(span.attribute("url.path"))
			.startsWith("/actuator") || span.name().contains("actuator") || span.name().contains("health"));
	}

	private Map<String, Object> pay(String userId, long amountCents, String currency, String paymentMethodId,
			int expectedStatus) throws IOException, InterruptedException {
		String body = this.json.writeValueAsString(Map.of("userId", userId, "amountCents", amountCents, "currency",
				currency, "paymentMethodId", paymentMethodId));
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.paymentPort + "/payments"))
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(30))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		@SuppressWarnings("unchecked")
		Map<String, Object> answer = this.json.readValue(response.body(), Map.class);
		return answer;
	}

	private List<ReceivedSpan> awaitPaymentTrace(String userId, String paymentMethodId, int spanCount) {
		Predicate<ReceivedSpan> anchor = (span) -> span.name().equals("process_payment")
				&& userId.equals(span.attribute("user.id")) && paymentMethodId.equals(span.attribute("payment.method"));
		List<ReceivedSpan> trace = this.receiver.awaitTrace(anchor, (spans) -> spans.size() >= spanCount,
				TRACE_TIMEOUT);
		assertThat(trace).as("spans of the trace").hasSize(spanCount);
		return trace;
	}

	private static ReceivedSpan only(List<ReceivedSpan> trace, String service, SpanKind kind, String name) {
		List<ReceivedSpan> matching = trace.stream()
			.filter((span) -> span.service().equals(service) && span.kind() == kind && span.name().equals(name))
			.toList();
		assertThat(matching).as("%s %s span '%s' in %s", service, kind, name, trace).hasSize(1);
		return matching.get(0);
	}

	private static void flush(ConfigurableApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static int localPort(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Command-line arguments for one service in this shared JVM, as run-demo.sh passes them: its own
	 * {@code application.yml} (two are on the class path), loopback, and export to the test's receiver without
	 * delay.
	 */
	private String[] arguments(Class<?> application, String... more) throws URISyntaxException {
		List<String> arguments = new ArrayList<>(List.of("--spring.config.location=" + applicationYaml(application),
				"--server.address=127.0.0.1",
				"--tracing.export.otlp.endpoint=" + this.receiver.endpoint(),
				"--tracing.export.batch.schedule-delay=100ms"));
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	private static String applicationYaml(Class<?> application) throws URISyntaxException {
		Path location = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
		return Files.isDirectory(location) ? location.resolve("application.yml").toUri().toString()
				: "jar:" + location.toUri() + "!/application.yml";
	}

}
