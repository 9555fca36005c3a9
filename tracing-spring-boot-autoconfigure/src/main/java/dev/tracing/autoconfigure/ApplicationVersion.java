package dev.tracing.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The version the application knows about itself: Boot's {@link BuildProperties} (from
 * {@code META-INF/build-info.properties}), else the {@code Implementation-Version} of the jar that holds the
 * {@link SpringBootConfiguration @SpringBootConfiguration} class.
 */
final class ApplicationVersion implements Supplier<@Nullable String> {

	private final ObjectProvider<BuildProperties> buildProperties;

	private final ApplicationContext context;

	ApplicationVersion(ObjectProvider<BuildProperties> buildProperties, ApplicationContext context) {
		this.buildProperties = buildProperties;
		this.context = context;
	}

	@Override
	public @Nullable String get() {
		BuildProperties build = this.buildProperties.getIfAvailable();
		if (build != null && build.getVersion() != null) {
			return build.getVersion();
		}
		for (String name : this.context.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
			Class<?> type = this.context.getType(name);
			if (type != null) {
				String version = implementationVersion(ClassUtils.getUserClass(type));
				if (version != null) {
					return version;
				}
			}
		}
		return null;
	}

	static @Nullable String implementationVersion(Class<?> type) {
		Package pkg = type.getPackage();
		return (pkg != null) ? pkg.getImplementationVersion() : null;
	}

}
