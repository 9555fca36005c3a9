package dev.tracing.autoconfigure;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Resource attribute keys of OpenTelemetry's semantic conventions that the detectors set. Copied, not imported:
 * {@code opentelemetry-semconv} is not managed by Spring Boot, and the starter adds no dependency whose version Boot
 * does not manage; {@code opentelemetry-semconv-incubating} is an {@code -alpha} artifact the starter never brings.
 */
final class ResourceAttributeKeys {

	// Stable in semantic conventions 1.43.0 (opentelemetry-semconv 1.43.0: K8sAttributes, ContainerAttributes).
	static final AttributeKey<String> K8S_POD_NAME = AttributeKey.stringKey("k8s.pod.name");

	static final AttributeKey<String> K8S_POD_UID = AttributeKey.stringKey("k8s.pod.uid");

	static final AttributeKey<String> K8S_NAMESPACE_NAME = AttributeKey.stringKey("k8s.namespace.name");

	static final AttributeKey<String> K8S_NODE_NAME = AttributeKey.stringKey("k8s.node.name");

	static final AttributeKey<String> CONTAINER_ID = AttributeKey.stringKey("container.id");

	// Development status (incubating) in semantic conventions 1.43.0 (opentelemetry-semconv-incubating 1.43.0-alpha:
	// HostIncubatingAttributes, OsIncubatingAttributes, ProcessIncubatingAttributes).
	static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

	static final AttributeKey<String> HOST_ARCH = AttributeKey.stringKey("host.arch");

	static final AttributeKey<String> OS_TYPE = AttributeKey.stringKey("os.type");

	static final AttributeKey<String> OS_DESCRIPTION = AttributeKey.stringKey("os.description");

	static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");

	static final AttributeKey<String> PROCESS_RUNTIME_NAME = AttributeKey.stringKey("process.runtime.name");

	static final AttributeKey<String> PROCESS_RUNTIME_VERSION = AttributeKey.stringKey("process.runtime.version");

	static final AttributeKey<String> PROCESS_RUNTIME_DESCRIPTION = AttributeKey
		.stringKey("process.runtime.description");

	private ResourceAttributeKeys() {
	}

}
