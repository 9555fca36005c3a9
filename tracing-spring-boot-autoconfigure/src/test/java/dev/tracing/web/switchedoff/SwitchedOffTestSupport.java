package dev.tracing.web.switchedoff;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tracing.web.HttpTestApplication;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application serves {@code /relay/{client}}, which calls WireMock with a client built from Spring Boot's builders
 * and answers with the id of the span current while it served (all zeros for none).
 */
abstract class SwitchedOffTestSupport {

	static final String REMOTE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String NO_SPAN = "0000000000000000";

	@RegisterExtension
	static final WireMockExtension downstream = WireMockExtension.newInstance()
		.options(WireMockConfiguration.options().dynamicPort())
		.build();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	InMemorySpanExporter exporter;

	@Autowired
	SdkTracerProvider tracerProvider;

	@BeforeEach
	void reset() {
		this.exporter.reset();
		downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
	}

	String relay(String client, String url, @Nullable String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/relay/"
				+ client + "?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	// The one span the request made: it came, and no other came in the half second after it
	SpanData exportedSingle(SpanKind kind) {
		HttpTestApplication.awaitSpans(this.exporter, 1);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
			this.tracerProvider.forceFlush().join(1, TimeUnit.SECONDS);
			return this.exporter.getFinishedSpanItems().size() == 1;
		});
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).as("every exported span").singleElement().satisfies((span) -> assertThat(span.getKind())
			.isEqualTo(kind));
		return spans.get(0);
	}

	static LoggedRequest onlyDownstreamRequest() {
		List<LoggedRequest> requests = downstream.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
