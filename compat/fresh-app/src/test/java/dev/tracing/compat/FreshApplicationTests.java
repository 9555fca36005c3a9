package dev.tracing.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fresh application on the Spring Boot line this run chose: one request's SERVER span, its outgoing RestClient
 * CLIENT span, the downstream SERVER span and its JDBC span reach a real OTLP/HTTP receiver as one trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FreshApplicationTests {

	private static final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();

	private static final HttpServer receiver = startReceiver();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void export(DynamicPropertyRegistry registry) {
		registry.add("tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + receiver.getAddress().getPort());
		registry.add("tracing.export.batch.schedule-delay", () -> "100ms");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@Test
	void shouldRunOnTheChosenSpringBootLine() {
		assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
	}

	// The default keeps Spring Boot's Observation support (@Observed, the Observation API); the without-observation
	// profile excludes it from the starter, and every span below must still be there.
	@Test
	void shouldHaveAnObservationRegistryUnlessItsModuleIsExcluded(ApplicationContext context) {
		boolean expected = Boolean.parseBoolean(System.getProperty("expected.observation-registry"));
		assertThat(context.getBeanNamesForType(ObservationRegistry.class)).hasSize(expected ? 1 : 0);
		assertThat(ClassUtils.isPresent(
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration", null))
			.isEqualTo(expected);
	}

	@Test
	void shouldExportServerJdbcAndClientSpansAsOneTrace() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/profiles/1")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("ada");
		await().atMost(Duration.ofSeconds(20)).until(() -> spans().size() >= 4);
		Map<String, Span> byName = spans().stream()
			.collect(Collectors.toMap(Span::getName, Function.identity(), (a, b) -> a));
		Span root = byName.get("GET /profiles/{id}");
		Span client = byName.get("GET");
		Span server = byName.get("GET /users/{id}");
		Span query = byName.get("SELECT users");
		assertThat(root).as("server span of the request, in %s", byName.keySet()).isNotNull();
		assertThat(client).as("RestClient span").isNotNull();
		assertThat(server).as("server span of the nested call").isNotNull();
		assertThat(query).as("JDBC span").isNotNull();
		assertThat(root.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(root.getParentSpanId().isEmpty()).isTrue();
		assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.getParentSpanId()).isEqualTo(root.getSpanId());
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(query.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(List.of(client, server, query)).allSatisfy((span) -> assertThat(span.getTraceId())
			.isEqualTo(root.getTraceId()));
		assertThat(attributes(query)).containsEntry("db.system.name", "h2database")
			.containsEntry("db.query.text", "SELECT id, name FROM users WHERE id = ?");
		ResourceSpans resource = received.get(0).getResourceSpans(0);
		assertThat(attributes(resource.getResource().getAttributesList())).containsEntry("service.name", "fresh-app");
		System.out.println("Exported trace " + HexFormat.of().formatHex(root.getTraceId().toByteArray()) + " on Spring Boot "
				+ SpringBootVersion.getVersion() + ": " + byName.keySet());
	}

	private static List<Span> spans() {
		return received.stream()
			.flatMap((request) -> request.getResourceSpansList().stream())
			.flatMap((resource) -> resource.getScopeSpansList().stream())
			.map(ScopeSpans::getSpansList)
			.flatMap(List::stream)
			.toList();
	}

	private static Map<String, String> attributes(Span span) {
		return attributes(span.getAttributesList());
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (kv) -> kv.getValue().hasStringValue()
					? kv.getValue().getStringValue() : String.valueOf(kv.getValue().getIntValue())));
	}

	private static HttpServer startReceiver() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/v1/traces", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
							? new GZIPInputStream(body) : body;
					received.add(ExportTraceServiceRequest.parseFrom(in));
				}
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, 0);
				exchange.getResponseBody().close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
