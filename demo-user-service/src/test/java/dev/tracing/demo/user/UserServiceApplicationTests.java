package dev.tracing.demo.user;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

// The same context as AccountHistoryFixIntegrationTests, so that both share one start-up
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracing.export.type=none", "demo.database.latency-per-thousand-rows=0ms" })
@Import(InMemorySpans.class)
class UserServiceApplicationTests {

	@Autowired
	private Resource resource;

	@Test
	void shouldStartWithTheStarterAndNameTheService() {
		assertThat(this.resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("user-service");
	}

}
