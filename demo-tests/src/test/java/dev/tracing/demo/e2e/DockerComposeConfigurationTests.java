package dev.tracing.demo.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker-compose stack, checked without Docker: every file it mounts or builds from is there and parses, images
 * are pinned, and the collector, Tempo, Jaeger and Grafana configurations say what the README promises. CI also runs
 * {@code docker-compose config} on the file.
 */
class DockerComposeConfigurationTests {

	private static final Path ROOT = projectRoot();

	private final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));

	@Test
	void hasTheServicesOfTheStack() {
		assertThat(services().keySet()).contains("user-service", "payment-service", "payment-provider",
				"otel-collector", "tempo", "jaeger", "grafana", "postgres");
	}

	@Test
	void runsUserServiceOnPostgresqlWithScriptsItShips() {
		Map<String, Object> environment = map(services().get("user-service").get("environment"));
		assertThat(environment).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/users")
			.containsEntry("TRACING_JDBC_SQL_COMMENTER_ENABLED", "true");
		for (String key : List.of("SPRING_SQL_INIT_SCHEMA_LOCATIONS", "SPRING_SQL_INIT_DATA_LOCATIONS")) {
			String location = ((String) environment.get(key)).replace("classpath:", "");
			assertThat(ROOT.resolve("demo-user-service/src/main/resources").resolve(location)).as(key).isRegularFile();
		}
		assertThat(map(services().get("postgres").get("environment"))).containsEntry("POSTGRES_DB", "users");
	}

	@Test
	void pinsEveryImageToARealVersion() throws IOException {
		for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
			String image = (String) service.getValue().get("image");
			// PostgreSQL numbers its releases major.minor (17.6); the others major.minor.patch. Never "latest".
			assertThat(image).as(service.getKey()).isNotNull().matches("[\\w./-]+:v?\\d+\\.\\d+(\\.\\d+)?[\\w.-]*");
		}
		for (String module : List.of("demo-user-service", "demo-payment-service", "demo-payment-provider")) {
			List<String> from = Files.readAllLines(ROOT.resolve(module).resolve("Dockerfile"))
				.stream()
				.filter((line) -> line.startsWith("FROM "))
				.toList();
			assertThat(from).as(module).singleElement().asString().matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre.*");
		}
	}

	@Test
	void buildsEachServiceFromADockerfileThatCopiesTheModulesJar() throws IOException {
		for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
			Object build = service.getValue().get("build");
			if (build == null) {
				continue;
			}
			Path context = ROOT.resolve((String) build).normalize();
			Path dockerfile = context.resolve("Dockerfile");
			assertThat(dockerfile).as(service.getKey()).isRegularFile();
			Matcher copy = Pattern.compile("(?m)^COPY (target/\\S+\\.jar) ").matcher(Files.readString(dockerfile));
			assertThat(copy.find()).as("COPY of a jar in " + dockerfile).isTrue();
			String module = context.getFileName().toString();
			assertThat(copy.group(1)).startsWith("target/" + module + "-");
		}
	}

	@Test
	void mountsOnlyFilesThatExistAndParse() throws IOException {
		List<Path> checked = new ArrayList<>();
		for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
			for (Object volume : list(service.getValue().get("volumes"))) {
				String source = volume.toString().split(":")[0];
				assertThat(source).as("bind mounts are relative to the compose file").startsWith("./");
				Path path = ROOT.resolve(source).normalize();
				assertThat(path).as(service.getKey() + " mounts " + source).exists();
				try (Stream<Path> files = Files.walk(path)) {
					for (Path file : files.filter(Files::isRegularFile).toList()) {
						parse(file);
						checked.add(file);
					}
				}
			}
		}
		assertThat(checked).extracting((path) -> ROOT.relativize(path).toString().replace('\\', '/'))
			.contains("deploy/otel-collector/config.yaml", "deploy/tempo/tempo.yaml", "deploy/jaeger/config.yaml",
					"deploy/grafana/provisioning/datasources/datasources.yaml",
					"deploy/grafana/provisioning/dashboards/dashboards.yaml",
					"deploy/grafana/dashboards/payments-traces.json");
	}

	@Test
	void collectorReceivesOtlpFiltersHealthChecksAndTailSamples() {
		Map<String, Object> config = yaml(ROOT.resolve("deploy/otel-collector/config.yaml"));
		Map<String, Object> otlp = map(map(map(config.get("receivers")).get("otlp")).get("protocols"));
		assertThat(map(otlp.get("grpc")).get("endpoint")).isEqualTo("0.0.0.0:4317");
		assertThat(map(otlp.get("http")).get("endpoint")).isEqualTo("0.0.0.0:4318");

		Map<String, Object> traces = map(map(map(config.get("service")).get("pipelines")).get("traces"));
		List<Object> processors = list(traces.get("processors"));
		assertThat(processors).contains("batch", "resource", "filter/health-checks", "tail_sampling");
		assertThat(processors.indexOf("tail_sampling")).isLessThan(processors.indexOf("batch"));
		assertThat(processors).allSatisfy((name) -> assertThat(map(config.get("processors"))).containsKey((String) name));
		assertThat(list(traces.get("exporters"))).containsExactlyInAnyOrder("otlp/tempo", "otlp/jaeger");
		assertThat(list(traces.get("exporters")))
			.allSatisfy((name) -> assertThat(map(config.get("exporters"))).containsKey((String) name));
		assertThat(map(map(config.get("exporters")).get("otlp/tempo")).get("endpoint")).isEqualTo("tempo:4317");
		assertThat(map(map(config.get("exporters")).get("otlp/jaeger")).get("endpoint")).isEqualTo("jaeger:4317");

		Map<String, Object> resourceAttribute = map(list(map(map(config.get("processors")).get("resource"))
			.get("attributes")).get(0));
		assertThat(resourceAttribute).containsEntry("key", "cluster").containsEntry("action", "upsert");

		assertThat(list(map(map(map(config.get("processors")).get("filter/health-checks")).get("traces")).get("span")))
			.anySatisfy((condition) -> assertThat(condition.toString()).contains("/health/live"))
			.anySatisfy((condition) -> assertThat(condition.toString()).contains("/health/ready"));

		List<Map<String, Object>> policies = list(map(map(config.get("processors")).get("tail_sampling"))
			.get("policies")).stream().map(DockerComposeConfigurationTests::map).toList();
		assertThat(policies).anySatisfy((policy) -> assertThat(map(policy.get("status_code")).get("status_codes"))
			.isEqualTo(List.of("ERROR")));
		assertThat(policies).anySatisfy(
				(policy) -> assertThat(map(policy.get("latency")).get("threshold_ms")).isEqualTo(2000));
		assertThat(policies).anySatisfy(
				(policy) -> assertThat(map(policy.get("probabilistic")).get("sampling_percentage")).isEqualTo(10));
	}

	@Test
	void tempoStoresLocallyAndJaegerListensOnAllInterfaces() {
		Map<String, Object> tempo = yaml(ROOT.resolve("deploy/tempo/tempo.yaml"));
		assertThat(map(map(tempo.get("storage")).get("trace")).get("backend")).isEqualTo("local");
		assertThat(map(tempo.get("server")).get("http_listen_port")).isEqualTo(3200);
		Map<String, Object> jaeger = yaml(ROOT.resolve("deploy/jaeger/config.yaml"));
		Map<String, Object> protocols = map(map(map(jaeger.get("receivers")).get("otlp")).get("protocols"));
		assertThat(map(protocols.get("grpc")).get("endpoint")).isEqualTo("0.0.0.0:4317");
		assertThat(map(map(map(jaeger.get("extensions")).get("jaeger_query")).get("http")).get("endpoint"))
			.isEqualTo("0.0.0.0:16686");
	}

	@Test
	void grafanaHasTempoAndJaegerAndATraceQlDashboard() throws IOException {
		Map<String, Object> datasources = yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/datasources.yaml"));
		assertThat(list(datasources.get("datasources"))).extracting((source) -> map(source).get("url"))
			.containsExactlyInAnyOrder("http://tempo:3200", "http://jaeger:16686", "http://prometheus:9090");
		String dashboard = Files.readString(ROOT.resolve("deploy/grafana/dashboards/payments-traces.json"));
		assertThat(dashboard).contains("{ resource.service.name = \\\"payment-service\\\" && duration > 2s }");
		Map<String, Object> environment = map(services().get("grafana").get("environment"));
		assertThat(environment).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
			.containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
	}

	@Test
	void servicesExportToTheCollectorAndKeepTraceHeadersFromTheProvider() {
		for (String name : List.of("user-service", "payment-service")) {
			Map<String, Object> environment = map(services().get(name).get("environment"));
			assertThat(environment).containsEntry("TRACING_EXPORT_OTLP_ENDPOINT", "http://otel-collector:4317")
				.containsEntry("TRACING_EXPORT_OTLP_PROTOCOL", "grpc");
		}
		Map<String, Object> payment = map(services().get("payment-service").get("environment"));
		String providerHost = java.net.URI.create((String) payment.get("DEMO_PROVIDER_BASE_URL")).getHost();
		assertThat(payment).containsEntry("TRACING_PROPAGATION_EXCLUDE_HOSTS", providerHost);
		assertThat(services()).containsKey(providerHost);
	}

	private Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new java.util.LinkedHashMap<>();
		map(this.compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
		return services;
	}

	private static void parse(Path file) throws IOException {
		String name = file.getFileName().toString();
		if (name.endsWith(".json")) {
			assertThat(JsonMapper.builder().build().readTree(file.toFile()).isObject()).as(name).isTrue();
		}
		else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
			assertThat(yaml(file)).as(name).isNotEmpty();
		}
		else {
			throw new AssertionError("Mounted file of unknown type: " + file);
		}
	}

	private static Map<String, Object> yaml(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return map(new Yaml().load(reader));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	private static Path projectRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.exists(directory.resolve("docker-compose.yml"))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("a parent directory with docker-compose.yml").isNotNull();
		return directory;
	}

}
