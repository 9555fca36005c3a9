package dev.tracing.test.example.users;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.TracedApplication;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import dev.tracing.test.example.accounts.AccountsApplication;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.HttpAttributes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two services in one test: the users service under test calls a real accounts service, started as a second
 * application context with its spans captured too; both services' spans form one tree.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=users")
@AutoConfigureTracingCapture
class CrossServiceTracingTests {

	static TracedApplication accounts;

	@Autowired
	CapturedSpans spans;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startAccounts() {
		accounts = TracedApplication.run(AccountsApplication.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.application.name=accounts");
	}

	@AfterAll
	static void stopAccounts() {
		accounts.close();
	}

	@DynamicPropertySource
	static void accountsUrl(DynamicPropertyRegistry registry) {
		registry.add("example.accounts.base-url", () -> "http://127.0.0.1:" + accounts.port());
	}

	@Test
	void theSecondServiceExportsToTheCaptureOnly() {
		assertThat(accounts.context().getBeansOfType(SpanExporter.class)).containsOnlyKeys("tracingCaptureSpanExporter");
	}

	@Test
	void bothServicesSpansFormOneTree() {
		String body = RestClient.create("http://127.0.0.1:" + this.port).get().uri("/users/u_1").retrieve()
			.body(String.class);
		assertThat(body).contains("\"plan\":\"pro\"");

		assertThat(CapturedSpans.combine(this.spans, accounts.capturedSpans()))
			.hasTraceSatisfying((trace) -> trace.hasServices("users", "accounts")
				.hasSpanCount(4)
				.hasRootSpan("GET /users/{id}")
				.hasServiceName("users")
				.hasChild("SELECT users")
				.hasChild("GET", (call) -> call.hasKind(CLIENT)
					.hasChild("GET /accounts/{id}", (server) -> server.hasKind(SERVER)
						.hasServiceName("accounts")
						.hasAttribute(HttpAttributes.HTTP_ROUTE, "/accounts/{id}"))));
	}

	@Test
	void theCalledServiceAloneSeesItsServerSpanAsTheRootOfAForeignTrace() {
		RestClient.create("http://127.0.0.1:" + this.port).get().uri("/users/u_2").retrieve().toBodilessEntity();

		// Its parent ran in the users service: it is the root of what the accounts service captured.
		assertThat(accounts.capturedSpans()).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /accounts/{id}"));
		// The users service alone has the caller's side only.
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.spans)
			.within(java.time.Duration.ofMillis(300))
			.hasTraceSatisfying((trace) -> trace.hasServices("users", "accounts")))
			.withMessageContaining("expected spans of the services [accounts, users] but they are of [users]");
	}

}
