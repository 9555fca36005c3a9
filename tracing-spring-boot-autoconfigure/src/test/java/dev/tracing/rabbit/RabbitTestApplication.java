package dev.tracing.rabbit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet application with the starter and Spring Boot's RabbitMQ support: a controller that publishes payments to
 * a queue through the default exchange, and a listener that settles them (and fails on a flaky payment twice before
 * it succeeds: the broker redelivers it).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class RabbitTestApplication {

	@Bean
	Queue payments() {
		return new Queue("payments", false);
	}

	@Bean
	Settlement settlement(Tracer tracer) {
		return new Settlement(tracer);
	}

	@RestController
	static class Payments {

		private final RabbitTemplate rabbit;

		Payments(RabbitTemplate rabbit) {
			this.rabbit = rabbit;
		}

		@PostMapping("/payments")
		ResponseEntity<Void> publish(@RequestBody String payment) {
			this.rabbit.convertAndSend("payments", payment);
			return ResponseEntity.accepted().build();
		}

	}

	static class Settlement {

		final Map<String, String> baggage = new ConcurrentHashMap<>();

		final AtomicInteger flakyAttempts = new AtomicInteger();

		private final Tracer tracer;

		Settlement(Tracer tracer) {
			this.tracer = tracer;
		}

		@RabbitListener(queues = "payments")
		void settle(String payment) {
			Span span = this.tracer.spanBuilder("settle payment").startSpan();
			span.end();
			if (payment.contains("flaky") && this.flakyAttempts.incrementAndGet() <= 2) {
				throw new IllegalStateException("settlement service unavailable");
			}
			this.baggage.put(payment, String.valueOf(Baggage.current().getEntryValue("tenant.id")));
		}

	}

}
