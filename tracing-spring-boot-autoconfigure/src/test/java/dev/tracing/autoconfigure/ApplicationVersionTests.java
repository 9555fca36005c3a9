package dev.tracing.autoconfigure;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationVersionTests {

	@Test
	void shouldPreferBuildProperties() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				WithBuildInfo.class)) {
			ApplicationVersion version = new ApplicationVersion(context.getBeanProvider(BuildProperties.class),
					context);
			assertThat(version.get()).isEqualTo("4.5.6");
		}
	}

	@Test
	void shouldReadImplementationVersionOfTheJarHoldingTheApplicationClass() {
		// JUnit's own jar carries an Implementation-Version in its manifest, as a Boot application jar does.
		String junitVersion = org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion();
		assertThat(junitVersion).isNotBlank();
		assertThat(ApplicationVersion.implementationVersion(org.junit.jupiter.api.Test.class)).isEqualTo(junitVersion);
	}

	@Test
	void shouldBeNullWhenNeitherIsAvailable() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(PlainApplication.class);
			context.refresh();
			assertThat(new ApplicationVersion(context.getBeanProvider(BuildProperties.class), context).get())
				.isNull();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class WithBuildInfo {

		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "4.5.6");
			return new BuildProperties(properties);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class PlainApplication {

	}

}
