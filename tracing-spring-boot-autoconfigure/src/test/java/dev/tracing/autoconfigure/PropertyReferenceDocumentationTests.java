package dev.tracing.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's property reference complete: every key in the generated configuration metadata must be there.
 */
class PropertyReferenceDocumentationTests {

	@Test
	void shouldDocumentEveryPropertyInTheReadme() throws Exception {
		List<String> keys = new ArrayList<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes()));
			for (Object property : (List<?>) metadata.get("properties")) {
				String name = (String) ((Map<?, ?>) property).get("name");
				keys.add(((Map<?, ?>) property).get("type") instanceof String type && type.startsWith("java.util.Map")
						? name + ".*" : name);
			}
		}
		assertThat(keys).contains("tracing.enabled", "tracing.sampling.ratio", "tracing.export.otlp.endpoint");
		String readme = Files.readString(Path.of("..", "README.md"));
		assertThat(keys).allSatisfy((key) -> assertThat(readme).contains("| `" + key + "` |"));
	}

}
