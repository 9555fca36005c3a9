package dev.tracing.autoconfigure.span;

import java.util.Set;
import java.util.TreeSet;

import io.micrometer.observation.annotation.Observed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Says once, after the singletons are created, which beans carry {@code @Observed} when there is no
 * {@code ObservationRegistry} to observe them: an application that excluded {@code spring-boot-micrometer-observation}
 * from the starter (for a faster start-up) would otherwise lose those spans without a word.
 */
final class UnobservedAnnotationsWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnobservedAnnotationsWarning.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final DeclaredAnnotationsClassFilter observed = new DeclaredAnnotationsClassFilter(Set.of(Observed.class));

	UnobservedAnnotationsWarning(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> types = unobservedTypes();
		if (!types.isEmpty()) {
			logger.warn("@Observed is not traced on " + String.join(", ", types)
					+ ": there is no ObservationRegistry bean (spring-boot-micrometer-observation is not on the class"
					+ " path). Add that dependency back, or use @Traced, which needs no registry.");
		}
	}

	Set<String> unobservedTypes() {
		Set<String> types = new TreeSet<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type;
			try {
				type = this.beanFactory.getType(name, false);
			}
			catch (RuntimeException | LinkageError ex) {
				continue; // not ours to report: the bean's own failure shows elsewhere
			}
			if (type != null) {
				Class<?> userType = ClassUtils.getUserClass(type);
				if (!userType.getName().startsWith("org.springframework.") && this.observed.matches(userType)) {
					types.add(userType.getName());
				}
			}
		}
		return types;
	}

}
