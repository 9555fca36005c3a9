package dev.tracing.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OtelEnvironmentVariablesTests {

	private final Map<String, String> variables = new HashMap<>();

	private final Set<String> explicit = new HashSet<>();

	@Test
	void shouldMapNothingWhenNoVariableIsSet() {
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.properties()).isEmpty();
		assertThat(result.problems()).isEmpty();
	}

	@Test
	void shouldTakeTheGenericEndpointAsABase() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/otlp");
		assertThat(properties()).containsExactly(Map.entry("tracing.export.otlp.endpoint", "http://collector:4318/otlp"));
	}

	@Test
	void shouldTakeThePerSignalEndpointAsIsAndLetItWinOverTheGenericOne() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom/path");
		assertThat(properties())
			.containsExactly(Map.entry("tracing.export.otlp.traces-endpoint", "http://traces:4318/custom/path"));
	}

	@Test
	void shouldPercentDecodeHeaders() {
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%2Cb%3Dc, Authorization=Bearer%20t0k3n ,x-empty=");
		assertThat(properties()).containsEntry("tracing.export.otlp.headers[api-key]", "a,b=c")
			.containsEntry("tracing.export.otlp.headers[Authorization]", "Bearer t0k3n")
			.containsEntry("tracing.export.otlp.headers[x-empty]", "");
	}

	@Test
	void shouldUsePerSignalHeadersInsteadOfGenericOnes() {
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "a=generic");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=traces");
		assertThat(properties()).containsExactly(Map.entry("tracing.export.otlp.headers[b]", "traces"));
	}

	@Test
	void shouldNeverPrintHeaderValuesInProblems() {
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr3t,broken");
		OtelEnvironmentVariables.Problem problem = onlyProblem();
		assertThat(problem.variable()).isEqualTo("OTEL_EXPORTER_OTLP_HEADERS");
		assertThat(problem.value()).doesNotContain("s3cr3t").contains("api-key=****");
	}

	@Test
	void shouldRejectBadPercentEncodingInHeaders() {
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key=50%ZZ");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_EXPORTER_OTLP_TRACES_HEADERS");
	}

	@Test
	void shouldMapProtocolCompressionAndTimeoutPreferringPerSignalValues() {
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "GRPC");
		this.variables.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
		this.variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3s");
		assertThat(properties()).containsEntry("tracing.export.otlp.protocol", "grpc")
			.containsEntry("tracing.export.otlp.compression", "gzip")
			.containsEntry("tracing.export.otlp.timeout", "3s");
	}

	@Test
	void shouldRejectHttpJsonProtocol() {
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
		OtelEnvironmentVariables.Problem problem = onlyProblem();
		assertThat(problem.variable()).isEqualTo("OTEL_EXPORTER_OTLP_PROTOCOL");
		assertThat(problem.allowed()).contains("http/json is not supported");
	}

	@Test
	void shouldMapEverySampler() {
		assertSampler("always_on", null, "1.0", "false");
		assertSampler("always_off", null, "0.0", "false");
		assertSampler("traceidratio", "0.25", "0.25", "false");
		assertSampler("parentbased_always_on", null, "1.0", "true");
		assertSampler("parentbased_always_off", null, "0.0", "true");
		assertSampler("PARENTBASED_TRACEIDRATIO", "0.1", "0.1", "true");
		assertSampler("parentbased_traceidratio", null, "1.0", "true");
	}

	@Test
	void shouldRejectASamplerArgOutOfRange() {
		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "1.5");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_TRACES_SAMPLER_ARG");
	}

	@Test
	void shouldRejectSamplersTheStarterCannotHonour() {
		this.variables.put("OTEL_TRACES_SAMPLER", "jaeger_remote");
		OtelEnvironmentVariables.Problem problem = onlyProblem();
		assertThat(problem.variable()).isEqualTo("OTEL_TRACES_SAMPLER");
		assertThat(problem.allowed()).contains("not supported");
	}

	@Test
	void shouldReportASamplerArgThatIsNotRead() {
		this.variables.put("OTEL_TRACES_SAMPLER", "always_on");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.5");
		assertThat(read().notices()).singleElement().asString().startsWith("OTEL_TRACES_SAMPLER_ARG is ignored");
	}

	@Test
	void shouldMapPropagatorsInOrder() {
		this.variables.put("OTEL_PROPAGATORS", "tracecontext, baggage,B3,b3multi,jaeger");
		assertThat(properties()).containsEntry("tracing.propagation.types", "tracecontext,baggage,b3,b3multi,jaeger");
	}

	@Test
	void shouldMapNonePropagatorToAnEmptyList() {
		this.variables.put("OTEL_PROPAGATORS", "none");
		assertThat(properties()).containsEntry("tracing.propagation.types", "");
	}

	@Test
	void shouldRejectUnsupportedPropagators() {
		this.variables.put("OTEL_PROPAGATORS", "tracecontext,xray");
		assertThat(onlyProblem().allowed()).contains("'xray' is not supported");
	}

	@Test
	void shouldMapExporters() {
		this.variables.put("OTEL_TRACES_EXPORTER", "console");
		assertThat(properties()).containsEntry("tracing.export.type", "logging");
		this.variables.put("OTEL_TRACES_EXPORTER", "none");
		assertThat(properties()).containsEntry("tracing.export.type", "none");
		this.variables.put("OTEL_TRACES_EXPORTER", "otlp,console");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_TRACES_EXPORTER");
		this.variables.put("OTEL_TRACES_EXPORTER", "zipkin");
		assertThat(onlyProblem().allowed()).contains("'otlp', 'console'");
	}

	@Test
	void shouldDisableTracingAndReadNothingElse() {
		this.variables.put("OTEL_SDK_DISABLED", "TRUE");
		this.variables.put("OTEL_TRACES_SAMPLER", "not-a-sampler");
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.problems()).isEmpty();
		assertThat(properties()).containsExactly(Map.entry("tracing.enabled", "false"));
	}

	@Test
	void shouldRejectAMalformedSdkDisabled() {
		this.variables.put("OTEL_SDK_DISABLED", "yes");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_SDK_DISABLED");
	}

	@Test
	void shouldMapBatchSettingsInMilliseconds() {
		this.variables.put("OTEL_BSP_SCHEDULE_DELAY", "200");
		this.variables.put("OTEL_BSP_EXPORT_TIMEOUT", "10000");
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "4096");
		this.variables.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "256");
		assertThat(properties()).containsEntry("tracing.export.batch.schedule-delay", "200ms")
			.containsEntry("tracing.export.batch.export-timeout", "10000ms")
			.containsEntry("tracing.export.batch.max-queue-size", "4096")
			.containsEntry("tracing.export.batch.max-batch-size", "256");
	}

	@Test
	void shouldRejectMalformedNumbersNamingTheVariable() {
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "2k");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_BSP_MAX_QUEUE_SIZE");
		this.variables.clear();
		this.variables.put("OTEL_BSP_SCHEDULE_DELAY", "-5");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_BSP_SCHEDULE_DELAY");
		this.variables.clear();
		this.variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "0");
		assertThat(onlyProblem().allowed()).contains("0 (no limit) is not supported");
	}

	@Test
	void shouldMapSpanLimitsWithTheGeneralAttributeLimitsAsFallback() {
		this.variables.put("OTEL_ATTRIBUTE_COUNT_LIMIT", "64");
		this.variables.put("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "32");
		this.variables.put("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "1024");
		this.variables.put("OTEL_SPAN_EVENT_COUNT_LIMIT", "10");
		this.variables.put("OTEL_SPAN_LINK_COUNT_LIMIT", "5");
		this.variables.put("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "3");
		assertThat(properties()).containsEntry("tracing.span-limits.max-attributes", "32")
			.containsEntry("tracing.span-limits.max-attribute-value-length", "1024")
			.containsEntry("tracing.span-limits.max-events", "10")
			.containsEntry("tracing.span-limits.max-links", "5")
			.containsEntry("tracing.span-limits.max-attributes-per-event", "64")
			.containsEntry("tracing.span-limits.max-attributes-per-link", "3");
	}

	@Test
	void shouldRejectMalformedResourceAttributes() {
		this.variables.put("OTEL_RESOURCE_ATTRIBUTES", "team=payments,novalue");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_RESOURCE_ATTRIBUTES");
		this.variables.put("OTEL_RESOURCE_ATTRIBUTES", "team=pay%2");
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_RESOURCE_ATTRIBUTES");
	}

	@Test
	void shouldMapCertificatesOntoAnSslBundle(@TempDir Path directory) throws Exception {
		Path ca = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
		this.variables.put("OTEL_EXPORTER_OTLP_CERTIFICATE", ca.toString());
		assertThat(properties()).containsEntry("tracing.export.otlp.ssl.bundle", "otel-exporter-otlp")
			.containsEntry("spring.ssl.bundle.pem.otel-exporter-otlp.truststore.certificate", "file:" + ca);
	}

	@Test
	void shouldRejectAMissingCertificateFileAndAClientKeyWithoutCertificate(@TempDir Path directory) {
		this.variables.put("OTEL_EXPORTER_OTLP_CERTIFICATE", directory.resolve("missing.pem").toString());
		assertThat(onlyProblem().variable()).isEqualTo("OTEL_EXPORTER_OTLP_CERTIFICATE");
		this.variables.clear();
		this.variables.put("OTEL_EXPORTER_OTLP_CLIENT_KEY", directory.toString());
		assertThat(read().problems()).extracting(OtelEnvironmentVariables.Problem::variable)
			.contains("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
	}

	@Test
	void shouldTreatEmptyValuesAsUnset() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", " ");
		this.variables.put("OTEL_TRACES_SAMPLER", "");
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.properties()).isEmpty();
		assertThat(result.problems()).isEmpty();
	}

	@Test
	void shouldNotReadAGroupWhoseTracingPropertyIsSetNorFailOnItsValue() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url");
		this.variables.put("OTEL_TRACES_SAMPLER", "always_off");
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "100");
		this.explicit.add("tracing.export.otlp.endpoint");
		this.explicit.add("tracing.sampling.ratio");
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.problems()).isEmpty();
		assertThat(properties()).containsExactly(Map.entry("tracing.export.batch.max-queue-size", "100"));
		assertThat(result.overridden()).containsExactly(
				"OTEL_EXPORTER_OTLP_ENDPOINT (overridden by tracing.export.otlp.endpoint)",
				"OTEL_TRACES_SAMPLER (overridden by tracing.sampling.ratio)");
	}

	@Test
	void shouldLetATracesEndpointPropertyOverrideTheGenericVariable() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318");
		this.explicit.add("tracing.export.otlp.traces-endpoint");
		assertThat(properties()).isEmpty();
	}

	@Test
	void shouldMergeHeadersLettingExplicitOnesWin() {
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=from-env,tenant=acme");
		this.explicit.add("tracing.export.otlp.headers[api-key]");
		assertThat(properties()).containsExactly(Map.entry("tracing.export.otlp.headers[tenant]", "acme"));
	}

	@Test
	void shouldListUnknownVariablesButNotThoseOfOtherSignals() {
		assertThat(OtelEnvironmentVariables.unknown(Set.of("OTEL_EXPORTER_OTLP_ENDPIONT", "OTEL_METRICS_EXPORTER",
				"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_JAVAAGENT_DEBUG", "PATH", "OTEL_EXPORTER_ZIPKIN_ENDPOINT")))
			.containsExactly("OTEL_EXPORTER_OTLP_ENDPIONT");
	}

	@Test
	void shouldListVariablesOfOtherSignals() {
		assertThat(OtelEnvironmentVariables.otherSignals(Set.of("OTEL_METRICS_EXPORTER", "OTEL_TRACES_EXPORTER",
				"OTEL_LOGS_EXPORTER", "OTEL_JAVAAGENT_DEBUG")))
			.containsExactly("OTEL_JAVAAGENT_DEBUG", "OTEL_LOGS_EXPORTER", "OTEL_METRICS_EXPORTER");
	}

	@Test
	void shouldReportRecognisedButUnsupportedVariables() {
		this.variables.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411");
		assertThat(read().notices()).singleElement()
			.asString()
			.startsWith("OTEL_EXPORTER_ZIPKIN_ENDPOINT is not supported");
	}

	private void assertSampler(String sampler, String arg, String ratio, String parentBased) {
		this.variables.clear();
		this.variables.put("OTEL_TRACES_SAMPLER", sampler);
		if (arg != null) {
			this.variables.put("OTEL_TRACES_SAMPLER_ARG", arg);
		}
		assertThat(properties()).as(sampler)
			.containsExactly(Map.entry("tracing.sampling.ratio", ratio),
					Map.entry("tracing.sampling.parent-based", parentBased));
	}

	private OtelEnvironmentVariables.Problem onlyProblem() {
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.problems()).hasSize(1);
		assertThat(result.properties()).isEmpty();
		return result.problems().get(0);
	}

	private Map<String, String> properties() {
		OtelEnvironmentVariables.Result result = read();
		assertThat(result.problems()).isEmpty();
		Map<String, String> properties = new LinkedHashMap<>();
		result.properties().forEach((mapped) -> properties.put(mapped.property(), mapped.value()));
		return properties;
	}

	private OtelEnvironmentVariables.Result read() {
		return OtelEnvironmentVariables.read(this.variables::get, this.explicit::contains);
	}

}
