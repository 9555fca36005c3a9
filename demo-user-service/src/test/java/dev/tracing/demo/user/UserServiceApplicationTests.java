package dev.tracing.demo.user;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "tracing.export.type=none")
class UserServiceApplicationTests {

	@Autowired
	private Resource resource;

	@Test
	void shouldStartWithTheStarterAndNameTheService() {
		assertThat(this.resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("user-service");
	}

}
