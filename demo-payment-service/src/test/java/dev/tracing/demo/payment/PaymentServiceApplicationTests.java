package dev.tracing.demo.payment;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "tracing.export.type=none")
class PaymentServiceApplicationTests {

	@Autowired
	private Resource resource;

	@Test
	void shouldStartWithTheStarterAndNameTheService() {
		assertThat(this.resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("payment-service");
	}

}
