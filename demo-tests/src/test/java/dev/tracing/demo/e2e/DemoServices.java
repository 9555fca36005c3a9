package dev.tracing.demo.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tracing.demo.payment.PaymentServiceApplication;
import dev.tracing.demo.provider.StubPaymentProvider;
import dev.tracing.demo.user.UserServiceApplication;
import dev.tracing.test.CapturedSpans;
import dev.tracing.test.TracedApplication;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a user runs it, in the test's JVM: the stub payment provider, and user-service and payment-service,
 * each with its own {@code application.yml}, on random ports, on loopback, what each would export captured.
 */
final class DemoServices implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final StubPaymentProvider provider;

	private final TracedApplication userService;

	private final TracedApplication paymentService;

	private final int userPort;

	private DemoServices(StubPaymentProvider provider, TracedApplication userService,
			TracedApplication paymentService, int userPort) {
		this.provider = provider;
		this.userService = userService;
		this.paymentService = paymentService;
		this.userPort = userPort;
	}

	/**
	 * Starts the demo as its {@code application.yml} files configure it.
	 * @return the running demo
	 */
	static DemoServices start() {
		try {
			return start(List.of(), List.of());
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException("The demo did not start", ex);
		}
	}

	/**
	 * Starts the demo with more arguments for each service, such as those that switch the demo's Kafka and Redis on.
	 * @param userMore more arguments for user-service
	 * @param paymentMore more arguments for payment-service
	 * @return the running demo
	 */
	static DemoServices start(List<String> userMore, List<String> paymentMore) throws IOException, URISyntaxException {
		StubPaymentProvider provider = StubPaymentProvider.start("127.0.0.1", 0);
		// user-service on a port chosen here, so that payment-service knows it.
		int userPort = freePort();
		List<String> user = new ArrayList<>(List.of("--server.port=" + userPort));
		user.addAll(userMore);
		String[] userArguments = arguments(UserServiceApplication.class, user);
		// Both services share this JVM's class path: only user-service has a database and Redis, as when run from its
		// jar.
		List<String> payment = new ArrayList<>(List.of("--server.port=0",
				"--demo.user-service.base-url=http://localhost:" + userPort,
				"--demo.provider.base-url=http://127.0.0.1:" + provider.port(),
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"));
		payment.addAll(paymentMore);
		String[] paymentArguments = arguments(PaymentServiceApplication.class, payment);
		// One after the other: two SpringApplications initialising the JVM's one logging system at once can fail
		// ("Unable to find Spring Environment in logger context", seen in a CI run).
		TracedApplication userService = null;
		TracedApplication paymentService = null;
		try {
			userService = TracedApplication.run(UserServiceApplication.class, userArguments);
			paymentService = TracedApplication.run(PaymentServiceApplication.class, paymentArguments);
		}
		catch (RuntimeException ex) {
			new DemoServices(provider, userService, paymentService, userPort).close();
			throw ex;
		}
		return new DemoServices(provider, userService, paymentService, userPort);
	}

	StubPaymentProvider provider() {
		return this.provider;
	}

	int userPort() {
		return this.userPort;
	}

	int paymentPort() {
		return this.paymentService.port();
	}

	/**
	 * Sends {@code POST /payments} to payment-service and checks the answer's status.
	 * @return the answer's JSON
	 */
	Map<String, Object> pay(String userId, long amountCents, String currency, String paymentMethodId,
			int expectedStatus) throws IOException, InterruptedException {
		String body = this.json.writeValueAsString(Map.of("userId", userId, "amountCents", amountCents, "currency",
				currency, "paymentMethodId", paymentMethodId));
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + paymentPort() + "/payments"))
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

	/**
	 * Returns what both services exported, seen as one.
	 * @return the captured spans of both services
	 */
	CapturedSpans spans() {
		return CapturedSpans.combine(this.paymentService.capturedSpans(), this.userService.capturedSpans());
	}

	@Override
	public void close() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.paymentService, this.userService, this.provider }) {
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Command-line arguments for one service in this shared JVM, as run-demo.sh passes them: its own
	 * {@code application.yml} (two are on the class path) and loopback. Its exporter is replaced by the capture.
	 */
	private static String[] arguments(Class<?> application, List<String> more) throws URISyntaxException {
		List<String> arguments = new ArrayList<>(List.of("--spring.config.location=" + applicationYaml(application),
				"--server.address=127.0.0.1"));
		arguments.addAll(more);
		return arguments.toArray(String[]::new);
	}

	private static String applicationYaml(Class<?> application) throws URISyntaxException {
		Path location = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
		return Files.isDirectory(location) ? location.resolve("application.yml").toUri().toString()
				: "jar:" + location.toUri() + "!/application.yml";
	}

}
