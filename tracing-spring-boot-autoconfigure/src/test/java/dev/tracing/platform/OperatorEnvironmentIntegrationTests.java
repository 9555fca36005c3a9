package dev.tracing.platform;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tracing.testsupport.ChildJvm;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.Traceparent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service configured only by the variables an OpenTelemetry Operator (and the Downward API) inject, in a child JVM
 * with no {@code tracing.*} property, exporting to a real OTLP/HTTP receiver on loopback: the endpoint with its path,
 * the percent-encoded headers, the {@code parentbased_traceidratio} sampler and its ratio, the three propagators and
 * the Kubernetes resource, all checked on what was really sent and exported.
 */
class OperatorEnvironmentIntegrationTests {

	private static final long CHILD_START_UP_SECONDS = 180;

	private static final Pattern TRACEPARENT = Pattern.compile("traceparent=(00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2}))");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void shouldExportWhereWithWhatAndAsTheOperatorsVariablesSay() throws Exception {
		try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
			Map<String, String> variables = operatorVariables(receiver.baseUrl() + "/otlp-gateway");
			Child child = Child.start(variables);
			try {
				String remoteTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
				HttpResponse<String> sampled = get(child.awaitPort(), "/hop",
						Map.of("traceparent", "00-" + remoteTrace + "-00f067aa0ba902b7-01", "baggage", "tenant.id=acme"));
				assertThat(sampled.statusCode()).isEqualTo(200);
				assertThat(sampled.body()).as("propagated: tracecontext, b3 and baggage")
					.containsPattern("traceparent=00-" + remoteTrace + "-[0-9a-f]{16}-[0-9a-f]{2}")
					.containsPattern("b3=" + remoteTrace + "-[0-9a-f]{16}-1")
					.contains("baggage=tenant.id=acme");
				assertThat(traceparentIn(sampled.body()).sampled()).isTrue();
				Traceparent traceResponse = Traceparent.of(sampled.headers().firstValue("traceresponse").orElseThrow());
				assertThat(traceResponse.traceId()).isEqualTo(remoteTrace);
				assertThat(traceResponse.sampled()).isTrue();

				String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
				HttpResponse<String> unsampled = get(child.awaitPort(), "/hop",
						Map.of("traceparent", "00-" + unsampledTrace + "-b7ad6b7169203331-00"));
				assertThat(unsampled.body()).as("a parent's 'not sampled' is followed")
					.containsPattern("traceparent=00-" + unsampledTrace + "-[0-9a-f]{16}-[0-9a-f]{2}");
				assertThat(traceparentIn(unsampled.body()).sampled()).isFalse();
				assertThat(unsampled.headers().firstValue("traceresponse")).isEmpty();

				// New traces: sampled by trace id at the ratio, each decision checked against the id.
				int roots = 60;
				Set<String> sampledRoots = new HashSet<>();
				for (int i = 0; i < roots; i++) {
					HttpResponse<String> response = get(child.awaitPort(), "/hop", Map.of());
					Matcher matcher = TRACEPARENT.matcher(response.body());
					assertThat(matcher.find()).as(response.body()).isTrue();
					Traceparent traceparent = Traceparent.of(matcher.group(1));
					String traceId = traceparent.traceId();
					boolean isSampled = traceparent.sampled();
					assertThat(isSampled).as("decision for %s at ratio 0.25", traceId)
						.isEqualTo(sampledAtRatio(traceId, 0.25));
					assertThat(response.headers().firstValue("traceresponse").isPresent()).isEqualTo(isSampled);
					if (isSampled) {
						sampledRoots.add(traceId);
					}
				}
				assertThat(sampledRoots.size()).as("sampled of %d new traces", roots).isBetween(1, roots - 1);

				ReceivedSpans spans = receiver.awaitSpans(3 * (1 + sampledRoots.size()), Duration.ofSeconds(20));
				assertThat(spans.size()).isEqualTo(3 * (1 + sampledRoots.size()));
				Set<String> exportedTraces = new HashSet<>();
				spans.all().forEach((span) -> exportedTraces.add(span.traceId()));
				Set<String> expectedTraces = new HashSet<>(sampledRoots);
				expectedTraces.add(remoteTrace);
				assertThat(exportedTraces).isEqualTo(expectedTraces).doesNotContain(unsampledTrace);

				OtlpHttpReceiver.Received request = receiver.requests().get(0);
				assertThat(request.path()).isEqualTo("/otlp-gateway/v1/traces");
				assertThat(request.header("x-tenant")).isEqualTo("acme,globex");
				assertThat(request.header("api-key")).isEqualTo("s3cr3t");
				assertThat(spans.all().get(0).resourceAttributes()).containsEntry("service.name", "checkout")
					.containsEntry("service.version", "1.4.2")
					.containsEntry("k8s.pod.name", "checkout-7d9f8-x2x5q")
					.containsEntry("k8s.pod.uid", "6d3c4c48-9a1e-4d0e-9b38-0a9c1d2f7e11")
					.containsEntry("k8s.namespace.name", "shop")
					.containsEntry("k8s.node.name", "node-3")
					.containsEntry("k8s.deployment.name", "checkout")
					.containsEntry("os.type", "linux")
					.containsKeys("host.arch", "process.runtime.name", "process.runtime.version", "process.pid");
				assertThat(child.lines()).anyMatch((line) -> line.contains(
						"Tracing configured by OpenTelemetry environment variables: OTEL_EXPORTER_OTLP_ENDPOINT"))
					.anyMatch((line) -> line.contains("of other signals or of the Java agent, not used by the tracing "
							+ "starter: OTEL_LOGS_EXPORTER, OTEL_METRICS_EXPORTER"))
					.noneMatch((line) -> line.contains("not known to the tracing starter"));
			}
			finally {
				child.stop();
			}
		}
	}

	@Test
	void shouldStopStartUpNamingAMalformedVariable() throws Exception {
		Map<String, String> variables = operatorVariables("http://127.0.0.1:9/");
		variables.put("OTEL_TRACES_SAMPLER_ARG", "25%");
		Child child = Child.start(variables);
		boolean exited = child.process.waitFor(CHILD_START_UP_SECONDS, TimeUnit.SECONDS);
		child.stop();
		assertThat(exited).isTrue();
		assertThat(child.process.exitValue()).isNotZero();
		assertThat(String.join("\n", child.lines())).contains("APPLICATION FAILED TO START")
			.contains("Variable: OTEL_TRACES_SAMPLER_ARG")
			.contains("Value: \"25%\"");
	}

	// The OpenTelemetry SDK's TraceIdRatioBased rule: the last 16 hex digits as a long, against ratio * Long.MAX_VALUE.
	private static boolean sampledAtRatio(String traceId, double ratio) {
		long random = Long.parseUnsignedLong(traceId.substring(16), 16);
		long bound = (long) (ratio * Long.MAX_VALUE);
		return Math.abs(random) < bound;
	}

	private static Map<String, String> operatorVariables(String endpoint) {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("OTEL_SERVICE_NAME", "checkout");
		variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
		variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		variables.put("OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=acme%2Cglobex,api-key=s3cr3t");
		variables.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		variables.put("OTEL_TRACES_SAMPLER_ARG", "0.25");
		variables.put("OTEL_PROPAGATORS", "tracecontext,baggage,b3");
		variables.put("OTEL_BSP_SCHEDULE_DELAY", "100");
		variables.put("OTEL_METRICS_EXPORTER", "none");
		variables.put("OTEL_LOGS_EXPORTER", "otlp");
		// Set from the Downward API (fieldRef) by the operator; OTEL_RESOURCE_ATTRIBUTES refers to them with $(...),
		// which the kubelet expands.
		variables.put("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "checkout-7d9f8-x2x5q");
		variables.put("OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "node-3");
		variables.put("OTEL_RESOURCE_ATTRIBUTES_POD_UID", "6d3c4c48-9a1e-4d0e-9b38-0a9c1d2f7e11");
		variables.put("K8S_NAMESPACE_NAME", "shop");
		variables.put("OTEL_RESOURCE_ATTRIBUTES",
				"k8s.container.name=app,k8s.deployment.name=checkout,k8s.namespace.name=shop,"
						+ "k8s.node.name=node-3,k8s.pod.name=checkout-7d9f8-x2x5q,service.version=1.4.2");
		return variables;
	}

	private HttpResponse<String> get(int port, String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private record Child(Process process, List<String> output, CompletableFuture<Integer> port) {

		static Child start(Map<String, String> variables) throws Exception {
			ProcessBuilder builder = new ProcessBuilder(ChildJvm.currentJava().toString(), "-Xmx256m", "-cp",
					System.getProperty("java.class.path"), OperatorEnvironmentProbe.class.getName())
				.redirectErrorStream(true);
			builder.environment().keySet().removeIf((name) -> name.startsWith("OTEL_") || name.startsWith("TRACING_"));
			builder.environment().putAll(variables);
			Process process = builder.start();
			List<String> output = new CopyOnWriteArrayList<>();
			CompletableFuture<Integer> port = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = lines.readLine()) != null) {
						output.add(line);
						if (line.startsWith("PORT=")) {
							port.complete(Integer.parseInt(line.substring("PORT=".length())));
						}
					}
				}
				catch (Exception ex) {
					// The child was stopped.
				}
				port.completeExceptionally(new IllegalStateException("child exited: " + output));
			});
			reader.setDaemon(true);
			reader.start();
			return new Child(process, output, port);
		}

		int awaitPort() throws Exception {
			// A child JVM's start-up takes a few seconds on an idle machine, over a minute on one loaded by other builds.
			return this.port.get(CHILD_START_UP_SECONDS, TimeUnit.SECONDS);
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

		List<String> lines() {
			return new ArrayList<>(this.output);
		}

	}


	private static Traceparent traceparentIn(String body) {
		Matcher matcher = TRACEPARENT.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return Traceparent.of(matcher.group(1));
	}

}
