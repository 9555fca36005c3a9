package dev.tracing.demo.payment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code payment.completed} to Kafka after a successful charge; user-service consumes it and appends the
 * payment to the account's history. The starter makes each send a PRODUCER span ({@code send payment.completed}),
 * child of {@code process_payment}, and puts its context in the record's headers. The key is the user id; neither
 * key nor payload is ever exported.
 * <p>
 * On only with {@code demo.kafka.enabled=true} (run-demo.sh, docker-compose.yml, demo-tests) and
 * {@code spring.kafka.bootstrap-servers}; off, payment-service needs no broker. A failed publish is logged and
 * never fails the payment: the charge went through.
 */
@Component
@ConditionalOnBooleanProperty("demo.kafka.enabled")
public class PaymentEvents {

	static final String TOPIC = "payment.completed";

	private static final Log logger = LogFactory.getLog(PaymentEvents.class);

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	public PaymentEvents(KafkaTemplate<String, String> kafka, JsonMapper json) {
		this.kafka = kafka;
		this.json = json;
	}

	void completed(PaymentRequest request, String paymentIntentId) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("userId", request.userId());
		event.put("paymentIntentId", paymentIntentId);
		event.put("amountCents", request.amountCents());
		event.put("currency", request.currency());
		try {
			this.kafka.send(TOPIC, request.userId(), this.json.writeValueAsString(event))
				.whenComplete((result, failure) -> {
					if (failure != null) {
						logger.warn("payment.completed for " + paymentIntentId + " was not published: " + failure);
					}
				});
		}
		catch (RuntimeException ex) {
			logger.warn("payment.completed for " + paymentIntentId + " was not published: " + ex);
		}
	}

}
