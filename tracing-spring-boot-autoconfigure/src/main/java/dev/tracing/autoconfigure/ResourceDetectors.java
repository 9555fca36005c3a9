package dev.tracing.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.AttributeKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Attributes that say where a span came from: the Kubernetes pod, the container, the host, the operating system and
 * the process. Each detector is a switch of {@code tracing.resource.detectors.*}; none makes a network call or starts
 * a process: they read environment variables, system properties and a few small local files.
 */
final class ResourceDetectors {

	static final Path CGROUP = Path.of("/proc/self/cgroup");

	static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

	static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

	private final TracingProperties.Detectors switches;

	private final Function<String, @Nullable String> variables;

	private final Path cgroup;

	private final Path mountinfo;

	private final Path namespaceFile;

	ResourceDetectors(TracingProperties.Detectors switches, Function<String, @Nullable String> variables) {
		this(switches, variables, CGROUP, MOUNTINFO, SERVICE_ACCOUNT_NAMESPACE);
	}

	ResourceDetectors(TracingProperties.Detectors switches, Function<String, @Nullable String> variables, Path cgroup,
			Path mountinfo, Path namespaceFile) {
		this.switches = switches;
		this.variables = variables;
		this.cgroup = cgroup;
		this.mountinfo = mountinfo;
		this.namespaceFile = namespaceFile;
	}

	Attributes detect() {
		AttributesBuilder builder = Attributes.builder();
		if (this.switches.isHost()) {
			putIfText(builder, ResourceAttributeKeys.HOST_NAME, hostName());
			putIfText(builder, ResourceAttributeKeys.HOST_ARCH, hostArch(System.getProperty("os.arch", "")));
		}
		if (this.switches.isOs()) {
			String osName = System.getProperty("os.name", "");
			putIfText(builder, ResourceAttributeKeys.OS_TYPE, osType(osName));
			putIfText(builder, ResourceAttributeKeys.OS_DESCRIPTION,
					(osName + " " + System.getProperty("os.version", "")).trim());
		}
		if (this.switches.isProcess()) {
			builder.put(ResourceAttributeKeys.PROCESS_PID, ProcessHandle.current().pid());
			putIfText(builder, ResourceAttributeKeys.PROCESS_RUNTIME_NAME, System.getProperty("java.runtime.name"));
			putIfText(builder, ResourceAttributeKeys.PROCESS_RUNTIME_VERSION,
					System.getProperty("java.runtime.version"));
			putIfText(builder, ResourceAttributeKeys.PROCESS_RUNTIME_DESCRIPTION,
					String.join(" ", System.getProperty("java.vm.vendor", ""), System.getProperty("java.vm.name", ""),
							System.getProperty("java.vm.version", ""))
						.trim());
		}
		if (this.switches.isContainer()) {
			ContainerId.detect(this.cgroup, this.mountinfo)
				.ifPresent((id) -> builder.put(ResourceAttributeKeys.CONTAINER_ID, id));
		}
		if (this.switches.isKubernetes()) {
			putIfText(builder, ResourceAttributeKeys.K8S_POD_NAME,
					firstOf("K8S_POD_NAME", "OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "POD_NAME"));
			putIfText(builder, ResourceAttributeKeys.K8S_POD_UID,
					firstOf("K8S_POD_UID", "OTEL_RESOURCE_ATTRIBUTES_POD_UID", "POD_UID"));
			putIfText(builder, ResourceAttributeKeys.K8S_NODE_NAME,
					firstOf("K8S_NODE_NAME", "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "NODE_NAME"));
			String namespace = firstOf("K8S_NAMESPACE_NAME", "POD_NAMESPACE");
			putIfText(builder, ResourceAttributeKeys.K8S_NAMESPACE_NAME,
					(namespace != null) ? namespace : firstLine(this.namespaceFile));
		}
		return builder.build();
	}

	/**
	 * {@code host.arch} as the semantic conventions spell it, from the JVM's {@code os.arch}; other values as they
	 * are.
	 */
	static String hostArch(String osArch) {
		return switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			case "x86", "i386", "i486", "i586", "i686" -> "x86";
			case "arm", "arm32" -> "arm32";
			case "ppc", "ppc32" -> "ppc32";
			case "ppc64", "ppc64le" -> "ppc64";
			case "ia64" -> "ia64";
			case "s390x" -> "s390x";
			default -> osArch;
		};
	}

	/**
	 * {@code os.type} as the semantic conventions spell it, from the JVM's {@code os.name}.
	 */
	static @Nullable String osType(String osName) {
		String name = osName.toLowerCase(Locale.ROOT);
		if (name.startsWith("windows")) {
			return "windows";
		}
		if (name.startsWith("linux")) {
			return "linux";
		}
		if (name.startsWith("mac")) {
			return "darwin";
		}
		for (String type : new String[] { "freebsd", "netbsd", "openbsd", "dragonfly", "hp-ux", "aix", "solaris",
				"sunos", "z/os" }) {
			if (name.startsWith(type)) {
				return switch (type) {
					case "hp-ux" -> "hpux";
					case "sunos" -> "solaris";
					case "z/os" -> "z_os";
					default -> type;
				};
			}
		}
		return null;
	}

	private @Nullable String firstOf(String... names) {
		for (String name : names) {
			String value = this.variables.apply(name);
			if (StringUtils.hasText(value)) {
				return value.trim();
			}
		}
		return null;
	}

	private static @Nullable String firstLine(Path file) {
		try {
			if (Files.isReadable(file)) {
				return Files.readString(file, StandardCharsets.UTF_8).trim();
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not in a pod, or no service account mounted.
		}
		return null;
	}

	private static @Nullable String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static void putIfText(AttributesBuilder builder, AttributeKey<String> key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			builder.put(key, value);
		}
	}

}
