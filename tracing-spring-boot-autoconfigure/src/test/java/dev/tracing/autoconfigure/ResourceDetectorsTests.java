package dev.tracing.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDetectorsTests {

	private final TracingProperties.Detectors switches = new TracingProperties.Detectors();

	private final Map<String, String> variables = new HashMap<>();

	@TempDir
	Path directory;

	@Test
	void shouldReadTheDownwardApiVariables() throws Exception {
		this.variables.putAll(Map.of("K8S_POD_NAME", "checkout-7d9f8-x2x5q", "K8S_POD_UID",
				"321c09bf-282b-44e4-a467-39daf144ef1f", "K8S_NAMESPACE_NAME", "shop", "K8S_NODE_NAME", "node-3"));
		Attributes attributes = detect();
		assertThat(attributes.get(ResourceAttributeKeys.K8S_POD_NAME)).isEqualTo("checkout-7d9f8-x2x5q");
		assertThat(attributes.get(ResourceAttributeKeys.K8S_POD_UID)).isEqualTo("321c09bf-282b-44e4-a467-39daf144ef1f");
		assertThat(attributes.get(ResourceAttributeKeys.K8S_NAMESPACE_NAME)).isEqualTo("shop");
		assertThat(attributes.get(ResourceAttributeKeys.K8S_NODE_NAME)).isEqualTo("node-3");
	}

	@Test
	void shouldReadTheOperatorsVariablesAndTheServiceAccountNamespace() throws Exception {
		this.variables.putAll(Map.of("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "checkout-1",
				"OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "node-1"));
		Files.writeString(this.directory.resolve("namespace"), "payments\n");
		Attributes attributes = detect();
		assertThat(attributes.get(ResourceAttributeKeys.K8S_POD_NAME)).isEqualTo("checkout-1");
		assertThat(attributes.get(ResourceAttributeKeys.K8S_NODE_NAME)).isEqualTo("node-1");
		assertThat(attributes.get(ResourceAttributeKeys.K8S_NAMESPACE_NAME)).isEqualTo("payments");
	}

	@Test
	void shouldDescribeHostOsAndProcess() {
		Attributes attributes = detect();
		assertThat(attributes.get(ResourceAttributeKeys.HOST_NAME)).isNotBlank();
		assertThat(attributes.get(ResourceAttributeKeys.HOST_ARCH))
			.isEqualTo(ResourceDetectors.hostArch(System.getProperty("os.arch")));
		assertThat(attributes.get(ResourceAttributeKeys.OS_TYPE)).isEqualTo("linux");
		assertThat(attributes.get(ResourceAttributeKeys.OS_DESCRIPTION)).startsWith("Linux ");
		assertThat(attributes.get(ResourceAttributeKeys.PROCESS_PID)).isEqualTo(ProcessHandle.current().pid());
		assertThat(attributes.get(ResourceAttributeKeys.PROCESS_RUNTIME_NAME))
			.isEqualTo(System.getProperty("java.runtime.name"));
		assertThat(attributes.get(ResourceAttributeKeys.PROCESS_RUNTIME_VERSION))
			.isEqualTo(System.getProperty("java.runtime.version"));
		assertThat(attributes.get(ResourceAttributeKeys.PROCESS_RUNTIME_DESCRIPTION))
			.contains(System.getProperty("java.vm.name"));
		assertThat(attributes.get(ResourceAttributeKeys.K8S_POD_NAME)).isNull();
	}

	@Test
	void shouldReadTheContainerId() throws Exception {
		Files.writeString(this.directory.resolve("cgroup"),
				"1:name=systemd:/docker/3601745b3bd54d9780436faa5f0e4f72bb46231663bb99a6bb892764917832c2\n");
		assertThat(detect().get(ResourceAttributeKeys.CONTAINER_ID))
			.isEqualTo("3601745b3bd54d9780436faa5f0e4f72bb46231663bb99a6bb892764917832c2");
	}

	@Test
	void shouldHonourEachSwitch() throws Exception {
		this.variables.put("K8S_POD_NAME", "checkout-1");
		Files.writeString(this.directory.resolve("cgroup"),
				"1:name=systemd:/docker/3601745b3bd54d9780436faa5f0e4f72bb46231663bb99a6bb892764917832c2\n");
		this.switches.setKubernetes(false);
		this.switches.setContainer(false);
		this.switches.setHost(false);
		this.switches.setOs(false);
		this.switches.setProcess(false);
		assertThat(detect().isEmpty()).isTrue();
	}

	@Test
	void shouldSpellArchitecturesAndOsTypesAsTheConventions() {
		assertThat(ResourceDetectors.hostArch("x86_64")).isEqualTo("amd64");
		assertThat(ResourceDetectors.hostArch("aarch64")).isEqualTo("arm64");
		assertThat(ResourceDetectors.hostArch("ppc64le")).isEqualTo("ppc64");
		assertThat(ResourceDetectors.osType("Mac OS X")).isEqualTo("darwin");
		assertThat(ResourceDetectors.osType("Windows 11")).isEqualTo("windows");
		assertThat(ResourceDetectors.osType("SunOS")).isEqualTo("solaris");
	}

	private Attributes detect() {
		return new ResourceDetectors(this.switches, this.variables::get, this.directory.resolve("cgroup"),
				this.directory.resolve("mountinfo"), this.directory.resolve("namespace"))
			.detect();
	}

}
