package dev.tracing.redaction;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.span.Spans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Requests and manual spans from every API carry a card number, a bearer token and a password; the protobuf bytes
 * that reach a real OTLP receiver contain none of them.
 */
@SpringBootTest(classes = RedactionIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracing.export.batch.schedule-delay=20ms", "tracing.http.query-allowlist=card,note" })
class RedactionIntegrationTests {

	private static final String CARD = "4242424242424242";

	private static final String BEARER = "Bearer sk_live_51Hs3cr3tT0k3nValue";

	private static final String PASSWORD = "hunter2-correct-horse";

	private static final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

	@LocalServerPort
	private int port;

	@Autowired
	private Spans spans;

	@Autowired
	private Tracer tracer;

	@Autowired
	private ObservationRegistry observations;

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("tracing.export.otlp.endpoint", receiver::baseUrl);
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@Test
	void shouldExportNoSecretFromAnySource() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		// Allow-listed query values are kept as they are, so only the value patterns can save this one.
		http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/pay/" + CARD + "?card=" + CARD
				+ "&note=" + BEARER.replace(' ', '+')))
			.header("Authorization", BEARER)
			.header("Cookie", "session=" + PASSWORD)
			.build(), HttpResponse.BodyHandlers.ofString());
		this.spans.run("charge " + CARD, java.util.Map.of("user.password", PASSWORD, "card.number", CARD,
				"http.request.header.authorization", BEARER), (span) -> span.setAttribute("note", "paid with " + CARD));
		assertThatException().isThrownBy(() -> this.spans.run("provider_charge", (span) -> {
			throw new IllegalStateException("declined card " + CARD + " for " + BEARER);
		}));
		this.tracer.spanBuilder("otel-api").setAttribute("db.password", PASSWORD).startSpan().end();
		Observation.createNotStarted("micrometer", this.observations)
			.highCardinalityKeyValue("api-key", PASSWORD)
			.lowCardinalityKeyValue("card", CARD)
			.observe(() -> {
			});
		receiver.awaitSpans(5);
		String exported = new String(allBytes(), StandardCharsets.ISO_8859_1);
		assertThat(exported).contains("REDACTED")
			.doesNotContain(CARD)
			.doesNotContain("sk_live_51Hs3cr3tT0k3nValue")
			.doesNotContain(PASSWORD);
		assertThat(receiver.spans().names()).contains("charge REDACTED", "GET /pay/{card}", "otel-api", "micrometer");
	}

	private static byte[] allBytes() {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		receiver.requests().forEach((request) -> out.writeBytes(request.rawBody()));
		return out.toByteArray();
	}


	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@RestController
		static class Payments {

			@GetMapping("/pay/{card}")
			String pay(@PathVariable String card) {
				return "ok";
			}

		}

	}

}
