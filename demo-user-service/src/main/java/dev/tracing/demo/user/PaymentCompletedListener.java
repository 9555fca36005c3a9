package dev.tracing.demo.user;

import java.sql.Timestamp;
import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment.completed}, which payment-service publishes after a successful charge, and appends the
 * payment to the account's history. The starter makes the record's processing a CONSUMER span
 * ({@code process payment.completed}) whose parent is payment-service's PRODUCER span, from the record's
 * {@code traceparent} header: the insert below is its child, in the payment's trace.
 * <p>
 * On only with {@code demo.kafka.enabled=true} (run-demo.sh, docker-compose.yml, demo-tests) and
 * {@code spring.kafka.bootstrap-servers}; off, user-service needs no broker.
 */
@Component
@ConditionalOnBooleanProperty("demo.kafka.enabled")
public class PaymentCompletedListener {

	static final String TOPIC = "payment.completed";

	static final String INSERT = "INSERT INTO account_events (user_id, type, amount_cents, created_at) VALUES (?, ?, ?, ?)";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public PaymentCompletedListener(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@KafkaListener(topics = TOPIC, groupId = "user-service")
	public void completed(String message) {
		PaymentCompleted payment = this.json.readValue(message, PaymentCompleted.class);
		this.jdbc.sql(INSERT)
			.param(payment.userId())
			.param("payment")
			.param(payment.amountCents())
			.param(Timestamp.from(Instant.now()))
			.update();
	}

	/**
	 * The event as payment-service publishes it.
	 * @param userId the paying user
	 * @param paymentIntentId the provider's payment intent
	 * @param amountCents the amount
	 * @param currency the currency
	 */
	public record PaymentCompleted(String userId, String paymentIntentId, long amountCents, String currency) {

	}

}
