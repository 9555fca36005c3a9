package dev.tracing.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet application with the starter and Spring Boot's Kafka support: a controller that publishes orders, a
 * record listener that bills them (and fails on a poison order: two retries, then the dead-letter topic), a listener
 * of the dead-letter topic, and a batch listener of audit events.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class KafkaTestApplication {

	@Bean
	Listeners listeners(Tracer tracer) {
		return new Listeners(tracer);
	}

	@Bean
	DefaultErrorHandler errorHandler(KafkaTemplate<Object, Object> template) {
		return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(0L, 2L));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		return factory;
	}

	@RestController
	static class Orders {

		private final KafkaTemplate<String, String> kafka;

		Orders(KafkaTemplate<String, String> kafka) {
			this.kafka = kafka;
		}

		// The customer is the record's key: a header, so that the request's own span does not carry it
		@PostMapping("/orders")
		ResponseEntity<Void> publish(@RequestHeader("X-Customer") String customer, @RequestBody String order)
				throws Exception {
			this.kafka.send("orders", customer, order).get();
			return ResponseEntity.accepted().build();
		}

	}

	static class Listeners {

		final Map<String, String> baggage = new ConcurrentHashMap<>();

		final BlockingQueue<String> deadLetters = new LinkedBlockingQueue<>();

		final BlockingQueue<Integer> auditBatches = new LinkedBlockingQueue<>();

		private final Tracer tracer;

		Listeners(Tracer tracer) {
			this.tracer = tracer;
		}

		@KafkaListener(topics = "orders", groupId = "billing")
		void bill(String order) {
			this.baggage.put(order, String.valueOf(Baggage.current().getEntryValue("tenant.id")));
			Span span = this.tracer.spanBuilder("bill order").startSpan();
			span.end();
			if (order.contains("poison")) {
				throw new IllegalStateException("cannot bill this order");
			}
		}

		@KafkaListener(topics = "orders-dlt", groupId = "dead-letters")
		void deadLetter(String order) {
			this.deadLetters.add(order);
		}

		@KafkaListener(topics = "audit", groupId = "audit", containerFactory = "batchFactory")
		void audit(List<String> events) {
			this.auditBatches.add(events.size());
		}

	}

}
