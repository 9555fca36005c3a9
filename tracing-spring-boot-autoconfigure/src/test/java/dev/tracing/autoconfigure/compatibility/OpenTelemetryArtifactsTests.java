package dev.tracing.autoconfigure.compatibility;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenTelemetryArtifacts}: reading the versions jars record, over real class loaders.
 */
class OpenTelemetryArtifactsTests {

	@TempDir
	Path temp;

	@Test
	void shouldFindTheBuildsOwnArtifactsOfOneRelease() {
		OpenTelemetryArtifacts artifacts = OpenTelemetryArtifacts.find(getClass().getClassLoader());
		assertThat(artifacts.apiVersion()).matches("\\d+\\.\\d+\\.\\d+");
		assertThat(artifacts.artifacts()).extracting(OpenTelemetryArtifacts.Artifact::name)
			.contains("opentelemetry-api", "opentelemetry-context", "opentelemetry-sdk-trace",
					"opentelemetry-exporter-otlp");
		assertThat(artifacts.artifacts()).filteredOn((artifact) -> artifact.name().equals("opentelemetry-api"))
			.singleElement()
			.satisfies((api) -> assertThat(api.location())
				.isEqualTo(OpenTelemetry.class.getProtectionDomain().getCodeSource().getLocation().toString()));
		assertThat(artifacts.clashes()).isEmpty();
	}

	@Test
	void shouldAcceptTheIncubatorOfTheSameRelease() throws IOException {
		try (URLClassLoader loader = loader(jar("api", "io/opentelemetry/api", "1.62.0"),
				jar("incubator", "io/opentelemetry/api/incubator", "1.62.0-alpha"))) {
			assertThat(OpenTelemetryArtifacts.find(loader).clashes()).isEmpty();
		}
	}

	@Test
	void shouldNameAnIncubatorOfAnotherRelease() throws IOException {
		try (URLClassLoader loader = loader(jar("api", "io/opentelemetry/api", "1.62.0"),
				jar("sdk", "io/opentelemetry/sdk", "1.62.0"),
				jar("incubator", "io/opentelemetry/api/incubator", "1.55.0-alpha"))) {
			OpenTelemetryArtifacts artifacts = OpenTelemetryArtifacts.find(loader);
			assertThat(artifacts.apiVersion()).isEqualTo("1.62.0");
			assertThat(artifacts.clashes()).singleElement().satisfies((clash) -> {
				assertThat(clash.name()).isEqualTo("opentelemetry-api-incubator");
				assertThat(clash.version()).isEqualTo("1.55.0-alpha");
				assertThat(clash.toString()).startsWith("io.opentelemetry:opentelemetry-api-incubator:1.55.0-alpha (")
					.contains("incubator");
			});
		}
	}

	@Test
	void shouldNameASecondCopyOfAnArtifact() throws IOException {
		try (URLClassLoader loader = loader(jar("api", "io/opentelemetry/api", "1.62.0"),
				jar("trace", "io/opentelemetry/sdk/trace", "1.62.0"),
				jar("old-trace", "io/opentelemetry/sdk/trace", "1.55.0"))) {
			assertThat(OpenTelemetryArtifacts.find(loader).clashes()).extracting(OpenTelemetryArtifacts.Artifact::version)
				.containsExactly("1.55.0");
		}
	}

	@Test
	void shouldCompareNothingWithoutTheApi() throws IOException {
		try (URLClassLoader loader = loader(jar("incubator", "io/opentelemetry/api/incubator", "1.55.0-alpha"))) {
			assertThat(OpenTelemetryArtifacts.find(loader).clashes()).isEmpty();
		}
	}

	static URLClassLoader loader(Path... roots) throws IOException {
		URL[] urls = new URL[roots.length];
		for (int i = 0; i < roots.length; i++) {
			urls[i] = roots[i].toUri().toURL();
		}
		// No parent: only what the test lays out
		return new URLClassLoader(urls, null);
	}

	// A class path root holding the version file an OpenTelemetry jar carries in its root package
	Path jar(String name, String rootPackage, String version) throws IOException {
		return write(this.temp.resolve(name), rootPackage, version);
	}

	static Path write(Path root, String rootPackage, String version) throws IOException {
		Path file = root.resolve(rootPackage).resolve("version.properties");
		Files.createDirectories(file.getParent());
		Files.writeString(file, "#Generated\nsdk.version=" + version + "\n");
		return root;
	}

}
