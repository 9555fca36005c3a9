package dev.tracing.demo.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.tracing.demo.e2e.ComposeFiles.list;
import static dev.tracing.demo.e2e.ComposeFiles.map;
import static dev.tracing.demo.e2e.ComposeFiles.projectRoot;
import static dev.tracing.demo.e2e.ComposeFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics half of the docker-compose stack, checked without Docker: the collector derives RED metrics from every
 * span and exposes them to Prometheus with exemplars, Prometheus (exemplar storage on) scrapes the collector and the
 * services' {@code /actuator/prometheus}, and Grafana links metrics to traces and back. Names are cross-checked
 * between the files, so that a renamed metric, port or data source fails here rather than in a dark dashboard.
 */
class MetricsStackConfigurationTests {

	private static final Path ROOT = projectRoot();

	private final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));

	private final Map<String, Object> collector = yaml(ROOT.resolve("deploy/otel-collector/config.yaml"));

	private final Map<String, Object> prometheus = yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));

	@Test
	void collectorDerivesRedMetricsWithExemplarsFromEverySpanBeforeTailSampling() {
		Map<String, Object> spanmetrics = map(map(this.collector.get("connectors")).get("spanmetrics"));
		assertThat(map(spanmetrics.get("exemplars"))).containsEntry("enabled", true);
		assertThat(map(spanmetrics.get("histogram"))).containsEntry("unit", "ms");
		List<Object> buckets = list(map(map(spanmetrics.get("histogram")).get("explicit")).get("buckets"));
		assertThat(buckets).as("a bucket boundary at the 2 s of a slow payment").contains("2s");

		Map<String, Object> pipelines = map(map(this.collector.get("service")).get("pipelines"));
		Map<String, Object> spans = map(pipelines.get("traces/spanmetrics"));
		assertThat(list(spans.get("receivers"))).containsExactly("otlp");
		assertThat(list(spans.get("exporters"))).containsExactly("spanmetrics");
		assertThat(list(spans.get("processors"))).contains("memory_limiter", "filter/health-checks")
			.doesNotContain("tail_sampling")
			.allSatisfy((name) -> assertThat(map(this.collector.get("processors"))).containsKey((String) name));
		Map<String, Object> metrics = map(pipelines.get("metrics/spanmetrics"));
		assertThat(list(metrics.get("receivers"))).containsExactly("spanmetrics");
		assertThat(list(metrics.get("exporters"))).containsExactly("prometheus");

		Map<String, Object> exporter = map(map(this.collector.get("exporters")).get("prometheus"));
		assertThat(exporter).containsEntry("enable_open_metrics", true);
		// The traces still go to the backends, tail-sampled, as before
		assertThat(list(map(pipelines.get("traces")).get("exporters"))).contains("otlp/tempo", "otlp/jaeger");
	}

	@Test
	void prometheusRunsWithExemplarStorageAndScrapesTheCollectorAndTheServices() {
		Map<String, Object> service = map(map(this.compose.get("services")).get("prometheus"));
		assertThat((String) service.get("image")).startsWith("prom/prometheus:v");
		List<Object> command = list(service.get("command"));
		assertThat(command).contains("--enable-feature=exemplar-storage");
		String configFile = command.stream()
			.map(Object::toString)
			.filter((argument) -> argument.startsWith("--config.file="))
			.findFirst()
			.orElseThrow()
			.substring("--config.file=".length());
		assertThat(list(service.get("volumes")))
			.contains("./deploy/prometheus/prometheus.yml:" + configFile + ":ro");
		assertThat(list(map(this.prometheus.get("global")).get("scrape_protocols"))).first()
			.as("OpenMetrics first: only it carries exemplars")
			.isEqualTo("OpenMetricsText1.0.0");

		// ${env:NAME:-default}: compose runs the default (scripts/prod-path-test.sh sets the variable).
		String collectorEndpoint = ((String) map(map(this.collector.get("exporters")).get("prometheus")).get("endpoint"))
			.replaceAll("^\\$\\{env:[A-Z_]+:-(.*)}$", "$1");
		String collectorPort = collectorEndpoint.substring(collectorEndpoint.lastIndexOf(':') + 1);
		assertThat(targets(null)).contains("otel-collector:" + collectorPort);

		for (String name : List.of("payment-service", "user-service")) {
			String port = portOf(name);
			assertThat(targets("/actuator/prometheus")).as(name).contains(name + ":" + port);
		}
	}

	@Test
	void servicesExposeTheirPrometheusEndpointWithHttpHistograms() throws IOException {
		for (String module : List.of("demo-payment-service", "demo-user-service")) {
			assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
				.contains("<artifactId>micrometer-registry-prometheus</artifactId>");
			Map<String, Object> management = map(
					yaml(ROOT.resolve(module).resolve("src/main/resources/application.yml")).get("management"));
			String exposed = (String) map(map(map(management.get("endpoints")).get("web")).get("exposure")).get("include");
			assertThat(exposed.split(",")).as(module).contains("prometheus");
			Map<String, Object> histograms = map(
					map(map(management.get("metrics")).get("distribution")).get("percentiles-histogram"));
			assertThat(histograms).containsEntry("http.server.requests", true)
				.containsEntry("http.client.requests", true);
		}
	}

	@Test
	void grafanaLinksExemplarsToTempoAndTempoSpansToTheirMetrics() {
		List<Map<String, Object>> datasources = list(
				yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/datasources.yaml")).get("datasources"))
			.stream()
			.map(ComposeFiles::map)
			.toList();
		Map<String, Object> prometheusSource = byType(datasources, "prometheus");
		Map<String, Object> tempo = byType(datasources, "tempo");
		URI url = URI.create((String) prometheusSource.get("url"));
		assertThat(map(this.compose.get("services"))).containsKey(url.getHost());
		assertThat(list(map(map(this.compose.get("services")).get(url.getHost())).get("ports")))
			.anySatisfy((port) -> assertThat(port.toString()).endsWith(":" + url.getPort()));

		List<Object> destinations = list(map(prometheusSource.get("jsonData")).get("exemplarTraceIdDestinations"));
		assertThat(destinations).singleElement()
			.satisfies((destination) -> assertThat(map(destination)).containsEntry("name", "trace_id")
				.containsEntry("datasourceUid", tempo.get("uid")));

		Map<String, Object> tracesToMetrics = map(map(tempo.get("jsonData")).get("tracesToMetrics"));
		assertThat(tracesToMetrics).containsEntry("datasourceUid", prometheusSource.get("uid"));
		assertThat(list(tracesToMetrics.get("tags"))).anySatisfy((tag) -> assertThat(map(tag))
			.containsEntry("key", "service.name")
			.containsEntry("value", "service_name"));
		List<Object> queries = list(tracesToMetrics.get("queries"));
		assertThat(queries).hasSizeGreaterThanOrEqualTo(2).allSatisfy((query) -> {
			String expression = (String) map(query).get("query");
			assertThat(expression).contains("$$__tags");
			assertThat(metricsIn(expression)).isNotEmpty().allSatisfy(this::assertCollectorMakes);
		});
	}

	@Test
	void redDashboardQueriesMetricsThatExistAndShowsExemplars() throws IOException {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(ROOT.resolve("deploy/grafana/dashboards/payments-red.json").toFile());
		List<String> expressions = new ArrayList<>();
		List<String> withExemplars = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.get("datasource").get("uid").asString()).isEqualTo("prometheus");
				String expression = target.get("expr").asString();
				expressions.add(expression);
				if (target.path("exemplar").asBoolean()) {
					withExemplars.add(expression);
				}
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(5);
		for (String expression : expressions) {
			for (String metric : metricsIn(expression)) {
				if (metric.startsWith("http_")) {
					assertThat(metric).isIn("http_server_requests_seconds_bucket", "http_client_requests_seconds_bucket");
				}
				else {
					assertCollectorMakes(metric);
				}
			}
		}
		// Request rate, errors and duration of the server spans; the duration panels show exemplars
		assertThat(expressions).anySatisfy((expression) -> assertThat(expression).contains("calls_total")
			.contains("STATUS_CODE_ERROR"));
		assertThat(withExemplars).anySatisfy((expression) -> assertThat(expression)
			.contains("histogram_quantile(0.99").contains("duration_milliseconds_bucket"));
		assertThat(withExemplars).anySatisfy((expression) -> assertThat(expression)
			.contains("http_server_requests_seconds_bucket"));
		assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/dashboards/dashboards.yaml")))
			.contains("/var/lib/grafana/dashboards");
	}

	/** Fail unless the collector's spanmetrics connector, as configured, produces this Prometheus metric. */
	private void assertCollectorMakes(String metric) {
		Map<String, Object> spanmetrics = map(map(this.collector.get("connectors")).get("spanmetrics"));
		String prefix = ((String) spanmetrics.getOrDefault("namespace", "traces.span.metrics")).replace('.', '_');
		String unit = switch ((String) map(spanmetrics.get("histogram")).get("unit")) {
			case "ms" -> "milliseconds";
			case "s" -> "seconds";
			default -> throw new AssertionError("unexpected unit");
		};
		assertThat(metric).isIn(prefix + "_calls_total", prefix + "_duration_" + unit + "_bucket",
				prefix + "_duration_" + unit + "_count", prefix + "_duration_" + unit + "_sum");
	}

	private static List<String> metricsIn(String expression) {
		List<String> metrics = new ArrayList<>();
		Matcher matcher = Pattern.compile("([a-z_]+)\\{").matcher(expression);
		while (matcher.find()) {
			metrics.add(matcher.group(1));
		}
		return metrics;
	}

	private List<String> targets(String metricsPath) {
		List<String> targets = new ArrayList<>();
		for (Object job : list(this.prometheus.get("scrape_configs"))) {
			Object path = map(job).get("metrics_path");
			if ((metricsPath == null) ? path == null : metricsPath.equals(path)) {
				for (Object config : list(map(job).get("static_configs"))) {
					list(map(config).get("targets")).forEach((target) -> targets.add(target.toString()));
				}
			}
		}
		return targets;
	}

	private String portOf(String service) {
		List<Object> ports = list(map(map(this.compose.get("services")).get(service)).get("ports"));
		assertThat(ports).as(service).isNotEmpty();
		String mapping = ports.get(0).toString();
		return mapping.substring(mapping.lastIndexOf(':') + 1);
	}

	private static Map<String, Object> byType(List<Map<String, Object>> datasources, String type) {
		List<Map<String, Object>> matching = datasources.stream().filter((source) -> type.equals(source.get("type"))).toList();
		assertThat(matching).as("data sources of type " + type).hasSize(1);
		return matching.get(0);
	}

}
