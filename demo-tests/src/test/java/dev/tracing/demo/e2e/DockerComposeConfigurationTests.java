package dev.tracing.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static dev.tracing.demo.e2e.ComposeFiles.list;
import static dev.tracing.demo.e2e.ComposeFiles.map;
import static dev.tracing.demo.e2e.ComposeFiles.projectRoot;
import static dev.tracing.demo.e2e.ComposeFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker-compose stack, checked without Docker: every file it mounts or builds from is there and parses, images
 * are pinned, and the collector, Tempo, Jaeger and Grafana configurations say what the README promises. CI also runs
 * {@code docker-compose config} on the file.
 */
class DockerComposeConfigurationTests {

	private static final Path ROOT = projectRoot();

	private static final Path USER_RESOURCES = ROOT.resolve("demo-user-service/src/main/resources");

	private final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));

	@Test
	void hasTheServicesOfTheStack() {
		assertThat(services().keySet()).contains("user-service", "payment-service", "payment-provider",
				"otel-collector", "tempo", "jaeger", "grafana", "postgres", "kafka", "redis");
	}

	@Test
	void runsKafkaInKraftModeAndStartsBothServicesOnceItAnswers() {
		Map<String, Object> kafka = services().get("kafka");
		assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
		Map<String, Object> broker = map(kafka.get("environment"));
		// KRaft: the broker is its own controller, and no ZooKeeper is configured or running.
		assertThat(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
			.containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", broker.get("KAFKA_NODE_ID") + "@kafka:9093")
			.doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
		assertThat(services()).doesNotContainKey("zookeeper");
		assertThat(broker.get("KAFKA_LISTENERS").toString()).contains("CONTROLLER://:9093");
		String advertised = broker.get("KAFKA_ADVERTISED_LISTENERS").toString();
		List<Object> check = list(map(kafka.get("healthcheck")).get("test"));
		assertThat(check).first().isEqualTo("CMD");
		assertThat(check).contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server");
		for (String name : List.of("user-service", "payment-service")) {
			Map<String, Object> service = services().get(name);
			Map<String, Object> environment = map(service.get("environment"));
			// What the service connects to is what the broker advertises, and the switch is the demo's real key.
			assertThat(environment).as(name).containsEntry("DEMO_KAFKA_ENABLED", "true");
			assertThat(advertised).as(name).isEqualTo("PLAINTEXT://" + environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
			assertThat(map(demoSettings(name).get("kafka")).get("enabled")).as(name).isEqualTo(false);
			assertThat(map(map(service.get("depends_on")).get("kafka"))).as(name)
				.containsEntry("condition", "service_healthy");
		}
	}

	@Test
	void cachesUserLookupsInRedisOnceItAnswersPing() {
		Map<String, Object> redis = services().get("redis");
		assertThat((String) redis.get("image")).startsWith("redis:");
		assertThat(list(redis.get("command"))).contains("--save", "--appendonly");
		assertThat(list(map(redis.get("healthcheck")).get("test"))).containsExactly("CMD", "redis-cli", "ping");
		Map<String, Object> userService = services().get("user-service");
		assertThat(map(userService.get("environment"))).containsEntry("DEMO_CACHE_ENABLED", "true")
			.containsEntry("SPRING_DATA_REDIS_HOST", "redis")
			.containsEntry("SPRING_DATA_REDIS_PORT", "6379");
		assertThat(map(demoSettings("user-service").get("cache"))).containsEntry("enabled", false);
		assertThat(map(map(userService.get("depends_on")).get("redis"))).containsEntry("condition", "service_healthy");
		assertThat(map(services().get("payment-service").get("environment"))).doesNotContainKey("DEMO_CACHE_ENABLED");
	}

	@Test
	void runsUserServiceOnItsPostgresqlProfileWithScriptsItShips() {
		Map<String, Object> environment = map(services().get("user-service").get("environment"));
		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "postgresql")
			.containsEntry("POSTGRES_HOST", "postgres")
			.containsEntry("POSTGRES_PORT", "5432");
		Map<String, Object> profile = yaml(USER_RESOURCES.resolve("application-postgresql.yml"));
		Map<String, Object> spring = map(profile.get("spring"));
		String url = (String) map(spring.get("datasource")).get("url");
		assertThat(resolve(url, environment)).isEqualTo("jdbc:postgresql://postgres:5432/users");
		Map<String, Object> init = map(map(spring.get("sql")).get("init"));
		assertThat(init).containsEntry("mode", "always");
		for (String key : List.of("schema-locations", "data-locations")) {
			String location = ((String) init.get(key)).replace("classpath:", "");
			assertThat(USER_RESOURCES.resolve(location)).as(key).isRegularFile();
		}
		assertThat(map(map(map(profile.get("tracing")).get("jdbc")).get("sql-commenter"))).containsEntry("enabled", true);
		assertThat(map(services().get("postgres").get("environment"))).containsEntry("POSTGRES_DB", "users")
			.containsEntry("POSTGRES_USER", map(spring.get("datasource")).get("username"))
			.containsEntry("POSTGRES_PASSWORD", map(spring.get("datasource")).get("password"));
	}

	@Test
	void postgresqlScriptsOnlyAddWhatIsMissingSoASecondStartSucceeds() throws IOException {
		// user-service runs both scripts at every start (spring.sql.init.mode=always), also on a database volume that
		// already holds them (docker compose stop, then up). scripts/prod-path-test.sh runs them twice on a real
		// PostgreSQL; this checks their shape where no database runs.
		String schema = Files.readString(USER_RESOURCES.resolve("schema-postgresql.sql"));
		List<String> creates = statements(schema).stream().filter((s) -> s.startsWith("CREATE")).toList();
		assertThat(creates).hasSize(2).allSatisfy((create) -> assertThat(create).startsWith("CREATE TABLE IF NOT EXISTS"));
		String data = Files.readString(USER_RESOURCES.resolve("data-postgresql.sql"));
		List<String> inserts = statements(data).stream().filter((s) -> s.startsWith("INSERT")).toList();
		assertThat(inserts).hasSize(3)
			.allSatisfy((insert) -> assertThat(insert).containsAnyOf("ON CONFLICT (id) DO NOTHING", "NOT EXISTS (SELECT 1 FROM account_events"));
	}

	@Test
	void startsUserServiceOnceTheDatabaseAcceptsConnectionsAndRestartsItAfterACrash() {
		Map<String, Object> postgres = services().get("postgres");
		List<Object> check = list(map(postgres.get("healthcheck")).get("test"));
		assertThat(check).first().isEqualTo("CMD");
		assertThat(check).contains("pg_isready", "-h", "127.0.0.1", "users");
		Map<String, Object> dependsOn = map(services().get("user-service").get("depends_on"));
		assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy");
		for (String name : List.of("user-service", "payment-service", "otel-collector")) {
			assertThat(services().get(name).get("restart")).as(name).isIn("unless-stopped", "always", "on-failure");
		}
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
		// Addresses are ${env:NAME:-default}: compose uses the defaults, scripts/prod-path-test.sh sets the variables.
		assertThat(envDefault(map(otlp.get("grpc")).get("endpoint"))).isEqualTo("0.0.0.0:4317");
		assertThat(envDefault(map(otlp.get("http")).get("endpoint"))).isEqualTo("0.0.0.0:4318");

		Map<String, Object> traces = map(map(map(config.get("service")).get("pipelines")).get("traces"));
		List<Object> processors = list(traces.get("processors"));
		assertThat(processors).contains("batch", "resource", "filter/health-checks", "tail_sampling");
		assertThat(processors.indexOf("tail_sampling")).isLessThan(processors.indexOf("batch"));
		assertThat(processors).allSatisfy((name) -> assertThat(map(config.get("processors"))).containsKey((String) name));
		assertThat(list(traces.get("exporters"))).containsExactlyInAnyOrder("otlp/tempo", "otlp/jaeger");
		assertThat(list(traces.get("exporters")))
			.allSatisfy((name) -> assertThat(map(config.get("exporters"))).containsKey((String) name));
		assertThat(envDefault(map(map(config.get("exporters")).get("otlp/tempo")).get("endpoint"))).isEqualTo("tempo:4317");
		assertThat(envDefault(map(map(config.get("exporters")).get("otlp/jaeger")).get("endpoint")))
			.isEqualTo("jaeger:4317");

		Map<String, Object> resourceAttribute = map(list(map(map(config.get("processors")).get("resource"))
			.get("attributes")).get(0));
		assertThat(resourceAttribute).containsEntry("key", "cluster").containsEntry("action", "upsert");

		assertThat(list(map(map(map(config.get("processors")).get("filter/health-checks")).get("traces")).get("span")))
			.anySatisfy((condition) -> assertThat(condition.toString()).contains("/health/live"))
			.anySatisfy((condition) -> assertThat(condition.toString()).contains("/health/ready"));

		List<Map<String, Object>> policies = list(map(map(config.get("processors")).get("tail_sampling"))
			.get("policies")).stream().map(ComposeFiles::map).toList();
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
		assertThat(envDefault(map(protocols.get("grpc")).get("endpoint"))).isEqualTo("0.0.0.0:4317");
		assertThat(envDefault(map(map(map(jaeger.get("extensions")).get("jaeger_query")).get("http")).get("endpoint")))
			.isEqualTo("0.0.0.0:16686");
	}

	@Test
	void collectorImageIsTheReleaseThatCiBuildsWithEveryComponentTheConfigUses() throws IOException {
		Map<String, Object> builder = yaml(ROOT.resolve("deploy/collector/builder-config.yaml"));
		String release = (String) map(builder.get("dist")).get("version");
		assertThat(services().get("otel-collector").get("image"))
			.isEqualTo("otel/opentelemetry-collector-contrib:" + release);
		Map<String, List<String>> modules = new java.util.LinkedHashMap<>();
		for (String kind : List.of("receivers", "processors", "exporters", "connectors", "extensions", "providers")) {
			modules.put(kind, list(builder.get(kind)).stream().map((entry) -> (String) map(entry).get("gomod")).toList());
		}
		// One release: components at v<release>, the core's stable modules (confmap providers) at one v1.x version.
		modules.forEach((kind, gomods) -> assertThat(gomods).as(kind)
			.allSatisfy((gomod) -> assertThat(gomod).endsWith(kind.equals("providers") ? " v1.29.0" : " v" + release)));
		String goMod = Files.readString(ROOT.resolve("deploy/collector/go.mod"));
		assertThat(goMod).contains("go.opentelemetry.io/collector/otelcol v" + release);
		// Every component deploy/otel-collector/config.yaml names is built in: its type (before any "/name")
		// is the module's last path element without "_" and the kind's suffix (tail_sampling: tailsamplingprocessor).
		Map<String, Object> config = yaml(ROOT.resolve("deploy/otel-collector/config.yaml"));
		for (String kind : List.of("receivers", "processors", "exporters", "extensions")) {
			for (String component : map(config.get(kind)).keySet()) {
				String module = component.split("/")[0].replace("_", "") + kind.substring(0, kind.length() - 1);
				assertThat(modules.get(kind)).as(kind + " " + component)
					.anySatisfy((gomod) -> assertThat(gomod.split(" ")[0]).endsWith("/" + module));
			}
		}
		// Span metrics (spanmetrics connector, prometheus exporter) are built in for the metrics pipeline.
		assertThat(modules.get("connectors")).anySatisfy((gomod) -> assertThat(gomod).contains("/spanmetricsconnector "));
		assertThat(modules.get("exporters")).anySatisfy((gomod) -> assertThat(gomod).contains("/prometheusexporter "));
		String components = Files.readString(ROOT.resolve("deploy/collector/components.go"));
		modules.forEach((kind, gomods) -> {
			if (!kind.equals("providers")) {
				gomods.forEach((gomod) -> assertThat(components).contains("\"" + gomod + "\""));
			}
		});
	}

	@Test
	void jaegerImageIsTheReleaseThatCiBuilds() throws IOException {
		// Jaeger tags each v2 release twice: v2.N.P is the Go module version v1.(N+63).P (v2.0.0 was v1.63.0).
		Matcher image = Pattern.compile("jaegertracing/jaeger:2\\.(\\d+)\\.(\\d+)")
			.matcher((String) services().get("jaeger").get("image"));
		assertThat(image.matches()).isTrue();
		String module = "github.com/jaegertracing/jaeger v1." + (Integer.parseInt(image.group(1)) + 63) + "."
				+ image.group(2);
		assertThat(Files.readString(ROOT.resolve("deploy/jaeger/build/go.mod"))).contains(module)
			.contains("tool github.com/jaegertracing/jaeger/cmd/jaeger");
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
	void grafanaOpensATraceByIdInAWindowThatContainsIt() {
		// Grafana's Tempo data source (makeTraceIdRequest) searches a trace id from the range's start minus
		// spanStartTimeShift to its end plus spanEndTimeShift. A negative end shift makes the window end before the
		// trace: once Tempo has flushed it to a block, the dashboard's link answers "trace not found".
		Map<String, Object> datasources = yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/datasources.yaml"));
		Map<String, Object> tempo = list(datasources.get("datasources")).stream()
			.map(ComposeFiles::map)
			.filter((source) -> "tempo".equals(source.get("type")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> traceQuery = map(map(tempo.get("jsonData")).get("traceQuery"));
		assertThat(traceQuery).containsEntry("timeShiftEnabled", true);
		for (String shift : List.of("spanStartTimeShift", "spanEndTimeShift")) {
			assertThat(String.valueOf(traceQuery.get(shift))).as(shift).matches("\\d+(ms|s|m|h|d)");
		}
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

	/** The default of a {@code ${env:NAME:-default}} value: what compose runs. */
	private static String envDefault(Object value) {
		Matcher matcher = Pattern.compile("\\$\\{env:[A-Z_]+:-([^}]+)}").matcher(String.valueOf(value));
		assertThat(matcher.matches()).as(value + " is ${env:NAME:-default}").isTrue();
		return matcher.group(1);
	}

	/** A Spring property value with its {@code ${NAME:default}} placeholders resolved from the environment. */
	private static String resolve(String value, Map<String, Object> environment) {
		return Pattern.compile("\\$\\{([A-Z_]+):([^}]*)}")
			.matcher(value)
			.replaceAll((match) -> String.valueOf(environment.getOrDefault(match.group(1), match.group(2))));
	}

	private static List<String> statements(String sql) {
		String withoutComments = sql.replaceAll("(?m)--.*$", "");
		return java.util.Arrays.stream(withoutComments.split(";"))
			.map((statement) -> statement.strip().replaceAll("\\s+", " "))
			.filter((statement) -> !statement.isEmpty())
			.toList();
	}

	/** The {@code demo.*} block of a service's {@code application.yml}, whose keys the stack's variables set. */
	private static Map<String, Object> demoSettings(String service) {
		return map(yaml(ROOT.resolve("demo-" + service + "/src/main/resources/application.yml")).get("demo"));
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

}
