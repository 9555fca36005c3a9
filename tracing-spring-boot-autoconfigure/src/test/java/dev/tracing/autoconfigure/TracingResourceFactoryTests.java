package dev.tracing.autoconfigure;

import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TracingResourceFactoryTests {

	private final TracingProperties properties = new TracingProperties();

	private final MockEnvironment environment = new MockEnvironment();

	private @Nullable String derivedVersion;

	@Test
	void shouldTakeServiceNameFromTracingPropertyFirst() {
		this.properties.setServiceName("from-tracing");
		this.properties.getResource().getAttributes().put("service.name", "from-attributes");
		this.environment.setProperty("OTEL_SERVICE_NAME", "from-otel");
		this.environment.setProperty("spring.application.name", "from-spring");
		assertThat(attribute("service.name")).isEqualTo("from-tracing");
	}

	@Test
	void shouldLetOurResourceAttributesWinOverOtelEnvironment() {
		this.properties.getResource().getAttributes().put("service.name", "from-attributes");
		this.environment.setProperty("OTEL_SERVICE_NAME", "from-otel");
		assertThat(attribute("service.name")).isEqualTo("from-attributes");
	}

	@Test
	void shouldHonourOtelServiceNameOverOtelResourceAttributesAndApplicationName() {
		this.environment.setProperty("OTEL_SERVICE_NAME", "from-otel");
		this.environment.setProperty("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes-env");
		this.environment.setProperty("spring.application.name", "from-spring");
		assertThat(attribute("service.name")).isEqualTo("from-otel");
	}

	@Test
	void shouldHonourOtelResourceAttributesWithPercentEncoding() {
		this.environment.setProperty("OTEL_RESOURCE_ATTRIBUTES",
				"service.name=billing, team=pay%20ments ,cluster=eu-1,=ignored,novalue");
		Resource resource = create();
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("billing");
		assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("pay ments");
		assertThat(resource.getAttribute(AttributeKey.stringKey("cluster"))).isEqualTo("eu-1");
	}

	@Test
	void shouldLetOurPropertiesWinOverOtelResourceAttributes() {
		this.environment.setProperty("OTEL_RESOURCE_ATTRIBUTES", "cluster=from-env,deployment.environment.name=env");
		this.properties.getResource().getAttributes().put("cluster", "from-properties");
		this.properties.setEnvironment("staging");
		Resource resource = create();
		assertThat(resource.getAttribute(AttributeKey.stringKey("cluster"))).isEqualTo("from-properties");
		assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name")))
			.isEqualTo("staging");
	}

	@Test
	void shouldFallBackToApplicationName(CapturedOutput output) {
		this.environment.setProperty("spring.application.name", "orders");
		assertThat(attribute("service.name")).isEqualTo("orders");
		assertThat(output).doesNotContain("No service name configured");
	}

	@Test
	void shouldUseUnknownServiceAndWarnOnceWhenNothingNamesTheService(CapturedOutput output) {
		assertThat(attribute("service.name")).isEqualTo("unknown_service:java");
		assertThat(output.getAll().lines().filter((line) -> line.contains("No service name configured")))
			.singleElement()
			.asString()
			.contains("WARN")
			.contains("tracing.service-name");
	}

	@Test
	void shouldTakeVersionFromPropertyThenFromTheApplication() {
		this.derivedVersion = "1.2.3-build";
		assertThat(attribute("service.version")).isEqualTo("1.2.3-build");
		this.properties.setServiceVersion("9.9.9");
		assertThat(attribute("service.version")).isEqualTo("9.9.9");
	}

	@Test
	void shouldOmitVersionWhenNothingKnowsIt() {
		assertThat(attribute("service.version")).isNull();
	}

	@Test
	void shouldTakeEnvironmentFromPropertyThenActiveProfilesThenDevelopment() {
		assertThat(attribute("deployment.environment.name")).isEqualTo("development");
		this.environment.setActiveProfiles("prod", "eu");
		assertThat(attribute("deployment.environment.name")).isEqualTo("prod,eu");
		this.properties.setEnvironment("staging");
		assertThat(attribute("deployment.environment.name")).isEqualTo("staging");
	}

	@Test
	void shouldAddExtraAttributesHostProcessSdkAndNamespace() {
		this.properties.getResource().getAttributes().putAll(Map.of("team", "payments", "cluster", "eu-1"));
		this.environment.setProperty("spring.application.group", "shop");
		Resource resource = create();
		assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("payments");
		assertThat(resource.getAttribute(AttributeKey.stringKey("cluster"))).isEqualTo("eu-1");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.namespace"))).isEqualTo("shop");
		assertThat(resource.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
		assertThat(resource.getAttribute(AttributeKey.stringKey("host.name"))).isNotBlank();
		assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language"))).isEqualTo("java");
		assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.name"))).isEqualTo("opentelemetry");
		assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.version"))).isNotBlank();
	}

	private @Nullable String attribute(String key) {
		return create().getAttribute(AttributeKey.stringKey(key));
	}

	private Resource create() {
		return new TracingResourceFactory(this.properties, this.environment, () -> this.derivedVersion).create();
	}

}
