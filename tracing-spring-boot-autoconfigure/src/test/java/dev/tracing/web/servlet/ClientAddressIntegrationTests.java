package dev.tracing.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.tracing.web.HttpTestApplication;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client.address} over real HTTP: a caller cannot set it with a header unless the application trusts those
 * headers through Spring Boot's {@code server.forward-headers-strategy=framework}; then the proxy, the connection's
 * peer, is {@code network.peer.address}.
 */
class ClientAddressIntegrationTests {

	private static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");

	private static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");

	abstract static class Requests {

		@LocalServerPort
		int port;

		@Autowired
		InMemorySpanExporter exporter;

		@BeforeEach
		void reset() {
			this.exporter.reset();
		}

		SpanData get(String header, String value) throws Exception {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/users/7"))
					.header(header, value)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			List<SpanData> spans = HttpTestApplication.awaitSpans(this.exporter, 1);
			return spans.get(0);
		}

	}

	@Nested
	@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "tracing.export.batch.schedule-delay=10ms")
	class ByDefault extends Requests {

		@Test
		void shouldIgnoreASpoofedXForwardedFor() throws Exception {
			SpanData span = get("X-Forwarded-For", "203.0.113.9");
			assertThat(span.getAttributes().get(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
			assertThat(span.getAttributes().get(PEER_ADDRESS)).isNull();
		}

		@Test
		void shouldIgnoreASpoofedForwardedHeader() throws Exception {
			SpanData span = get("Forwarded", "for=203.0.113.9");
			assertThat(span.getAttributes().get(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
		}

	}

	@Nested
	@SpringBootTest(classes = HttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "tracing.export.batch.schedule-delay=10ms", "server.forward-headers-strategy=framework" })
	class WithTrustedForwardedHeaders extends Requests {

		@Test
		void shouldTakeTheClientFromXForwardedForAndRecordTheProxyAsPeer() throws Exception {
			SpanData span = get("X-Forwarded-For", "203.0.113.9, 10.0.0.2");
			assertThat(span.getAttributes().get(CLIENT_ADDRESS)).isEqualTo("203.0.113.9");
			assertThat(span.getAttributes().get(PEER_ADDRESS)).isEqualTo("127.0.0.1");
		}

		@Test
		void shouldReadTheStandardForwardedHeader() throws Exception {
			SpanData span = get("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https");
			assertThat(span.getAttributes().get(CLIENT_ADDRESS)).isEqualTo("2001:db8::1");
		}

		@Test
		void shouldIgnoreAMalformedHeaderAndKeepServing() throws Exception {
			SpanData span = get("Forwarded", "for=\"[not-an-address");
			assertThat(span.getAttributes().get(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
		}

	}

}
