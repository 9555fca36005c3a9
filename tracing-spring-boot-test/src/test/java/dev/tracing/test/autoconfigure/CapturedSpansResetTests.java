package dev.tracing.test.autoconfigure;

import dev.tracing.test.CapturedSpans;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener forgets what earlier tests captured in the shared context.
 */
@SpringBootTest(classes = CapturedSpansResetTests.NoApplication.class)
@AutoConfigureTracingCapture
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapturedSpansResetTests {

	@Autowired
	CapturedSpans spans;

	@Autowired
	Tracer tracer;

	@Test
	@Order(1)
	void first() {
		this.tracer.spanBuilder("first").startSpan().end();
		assertThat(this.spans).hasSpanCount(1);
	}

	@Test
	@Order(2)
	void secondSeesNothingOfTheFirst() {
		assertThat(this.spans).hasNoSpans();
		this.tracer.spanBuilder("second").startSpan().end();
		assertThat(this.spans).hasSpanCount(1).hasNoSpanNamed("first");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration
	static class NoApplication {

	}

}
