package dev.tracing.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Builds the OpenTelemetry {@link Resource} that describes this service.
 * <p>
 * Precedence, highest first: {@code tracing.service-name} / {@code -version} / {@code environment}, then
 * {@code tracing.resource.attributes.*}, then {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES}, then
 * what the application already says about itself ({@code spring.application.name}, build info, manifest, active
 * profiles), then what the {@link ResourceDetectors} find (pod, container, host, OS, process), then the SDK's
 * defaults.
 */
final class TracingResourceFactory {

	static final String UNKNOWN_SERVICE_NAME = "unknown_service:java";

	static final String DEFAULT_ENVIRONMENT = "development";

	private static final Log logger = LogFactory.getLog(TracingResourceFactory.class);

	private final TracingProperties properties;

	private final Environment environment;

	private final Supplier<@Nullable String> derivedVersion;

	TracingResourceFactory(TracingProperties properties, Environment environment,
			Supplier<@Nullable String> derivedVersion) {
		this.properties = properties;
		this.environment = environment;
		this.derivedVersion = derivedVersion;
	}

	Resource create() {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.putAll(otelEnvironmentAttributes());
		this.properties.getResource().getAttributes().forEach((key, value) -> {
			if (StringUtils.hasText(key) && value != null) {
				attributes.put(key, value);
			}
		});
		putIfText(attributes, "service.name", this.properties.getServiceName());
		putIfText(attributes, "service.version", this.properties.getServiceVersion());
		putIfText(attributes, "deployment.environment.name", this.properties.getEnvironment());
		attributes.computeIfAbsent("service.name", (key) -> applicationName());
		attributes.computeIfAbsent("service.version", (key) -> this.derivedVersion.get());
		attributes.computeIfAbsent("service.namespace",
				(key) -> blankToNull(this.environment.getProperty("spring.application.group")));
		attributes.computeIfAbsent("deployment.environment.name", (key) -> activeProfilesOrDefault());
		ResourceBuilder builder = Resource.builder();
		attributes.forEach((key, value) -> {
			if (value != null) {
				builder.put(key, value);
			}
		});
		Attributes detected = new ResourceDetectors(this.properties.getResource().getDetectors(),
				this.environment::getProperty)
			.detect();
		return Resource.getDefault().merge(Resource.create(detected)).merge(builder.build());
	}

	private String applicationName() {
		String name = blankToNull(this.environment.getProperty("spring.application.name"));
		if (name != null) {
			return name;
		}
		logger.warn("No service name configured: spans are exported as '" + UNKNOWN_SERVICE_NAME
				+ "'. Set 'tracing.service-name' (or 'spring.application.name') to name this service.");
		return UNKNOWN_SERVICE_NAME;
	}

	private String activeProfilesOrDefault() {
		String[] profiles = this.environment.getActiveProfiles();
		return (profiles.length > 0) ? String.join(",", Arrays.asList(profiles)) : DEFAULT_ENVIRONMENT;
	}

	private Map<String, String> otelEnvironmentAttributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		String resourceAttributes = this.environment.getProperty("OTEL_RESOURCE_ATTRIBUTES");
		for (String pair : StringUtils.tokenizeToStringArray(resourceAttributes, ",")) {
			int index = pair.indexOf('=');
			if (index > 0) {
				String key = pair.substring(0, index).trim();
				String value = pair.substring(index + 1).trim();
				try {
					attributes.put(key, StringUtils.uriDecode(value, StandardCharsets.UTF_8));
				}
				catch (IllegalArgumentException ex) {
					logger.warn("Ignoring resource attribute '" + key
							+ "' of OTEL_RESOURCE_ATTRIBUTES: its value is not valid percent-encoding");
				}
			}
		}
		putIfText(attributes, "service.name", this.environment.getProperty("OTEL_SERVICE_NAME"));
		return attributes;
	}

	private static void putIfText(Map<String, String> attributes, String key, @Nullable String value) {
		String text = blankToNull(value);
		if (text != null) {
			attributes.put(key, text);
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
