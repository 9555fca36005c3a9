package dev.tracing.test.example.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example in the README's "Testing your tracing" is {@link UserEndpointTracingTests}, line for line, so the
 * README shows a test that runs.
 */
class ReadmeExampleTests {

	@Test
	void readmeExampleIsTheTestThatRuns() throws IOException {
		String readme = Files.readString(Path.of("..", "docs", "testing.md"));
		String section = readme.substring(readme.indexOf("# Testing your tracing"));
		String example = section.substring(section.indexOf("```java\n") + 8, section.indexOf("```\n",
				section.indexOf("```java\n") + 8));
		List<String> source = lines(Files.readString(
				Path.of("src/test/java/dev/tracing/test/example/users/UserEndpointTracingTests.java")));
		List<String> shown = lines(example);
		assertThat(shown).hasSizeGreaterThan(30);
		int at = 0;
		for (String line : shown) {
			int found = source.subList(at, source.size()).indexOf(line);
			assertThat(found).as("README line not in UserEndpointTracingTests (in order): %s", line)
				.isNotNegative();
			at += found + 1;
		}
	}

	private static List<String> lines(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
