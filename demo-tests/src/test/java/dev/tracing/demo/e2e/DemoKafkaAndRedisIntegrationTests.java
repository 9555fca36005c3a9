package dev.tracing.demo.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tracing.demo.broker.DemoKafkaBroker;
import dev.tracing.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.CONSUMER;
import static io.opentelemetry.api.trace.SpanKind.PRODUCER;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with its Kafka and Redis switched on, as run-demo.sh and docker-compose.yml run it: Apache Kafka's KRaft
 * broker in this JVM (demo-kafka-broker) and Debian's redis-server on a free port. A successful payment's trace
 * crosses the broker: payment-service's PRODUCER span, user-service's CONSUMER span as its child, the account-history
 * insert under that, all in the trace of the HTTP request. A user's first lookup is a cache miss (a Redis GET, the
 * query, a SET), the second a hit (a Redis GET and no query).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoKafkaAndRedisIntegrationTests {

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

	private RedisServer redis;

	private DemoKafkaBroker kafka;

	private DemoServices demo;

	@BeforeAll
	void startTheDemoWithKafkaAndRedis() throws Exception {
		this.redis = RedisServer.start();
		this.kafka = DemoKafkaBroker.start();
		String bootstrap = "--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers();
		this.demo = DemoServices.start(
				List.of("--demo.kafka.enabled=true", bootstrap, "--demo.cache.enabled=true",
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port()),
				List.of("--demo.kafka.enabled=true", bootstrap));
	}

	@AfterAll
	void stopTheDemo() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.demo, this.kafka, this.redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// keep closing the others
			}
		}
	}

	@Test
	void completedPaymentCrossesKafkaIntoUserServiceInTheTraceOfTheHttpRequest() throws Exception {
		Map<String, Object> response = this.demo.pay("u_1001", 4999, "EUR", "pm_card_visa", 200);
		assertThat(response).containsEntry("success", true);

		assertThat(this.demo.spans()).within(TRACE_TIMEOUT)
			.hasTraceSatisfying((trace) -> DemoEndToEndIntegrationTests
				.paymentTrace(trace, "u_1001", "pm_card_visa", 15)
				.isOneTree()
				.hasRootSpan("POST /payments")
				.hasKind(SERVER)
				.hasChild("process_payment", (process) -> process
					.hasChildrenNamed("GET", "validate_payment", "provider_charge", "send payment.completed")
					.hasChild("send payment.completed", (send) -> send.hasKind(PRODUCER)
						.hasServiceName("payment-service")
						.hasAttribute("messaging.system", "kafka")
						.hasAttribute("messaging.destination.name", "payment.completed")
						.hasAttribute("messaging.operation.type", "send")
						// The consumer's span is the producer's child: the context crossed in the record's headers.
						.hasChildrenNamed("process payment.completed")
						.hasChild("process payment.completed", (consume) -> consume.hasKind(CONSUMER)
							.hasServiceName("user-service")
							.hasAttribute("messaging.system", "kafka")
							.hasAttribute("messaging.destination.name", "payment.completed")
							.hasAttribute("messaging.operation.type", "process")
							.hasAttribute("messaging.consumer.group.name", "user-service")
							.hasChildrenNamed("INSERT account_events")
							.hasChild("INSERT account_events", (insert) -> insert.hasKind(CLIENT)
								.hasServiceName("user-service")
								.hasAttribute("db.query.text",
										"INSERT INTO account_events (user_id, type, amount_cents, created_at) "
												+ "VALUES (?, ?, ?, ?)"))))));
	}

	@Test
	void secondLookupOfAUserIsARedisHitWithoutADatabaseQuery() throws Exception {
		this.demo.pay("u_1002", 1500, "GBP", "pm_card_amex", 200);
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT)
			.hasTraceSatisfying((trace) -> DemoEndToEndIntegrationTests
				.paymentTrace(trace, "u_1002", "pm_card_amex", 15)
				.hasSpanNamed("GET /users/{id}")
				.hasChildrenNamed("GET", "SELECT users", "load_account_history", "SET")
				.hasChild("GET", DemoKafkaAndRedisIntegrationTests::redisCommand)
				.hasChild("SET", DemoKafkaAndRedisIntegrationTests::redisCommand));

		this.demo.pay("u_1002", 1600, "GBP", "pm_card_mastercard", 200);
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT)
			.hasTraceSatisfying((trace) -> DemoEndToEndIntegrationTests
				.paymentTrace(trace, "u_1002", "pm_card_mastercard", 13)
				.hasSpanNamed("GET /users/{id}")
				// The user came from Redis: no query for it, and nothing to store.
				.hasChildrenNamed("GET", "load_account_history")
				.hasNoChildNamed("SELECT users")
				.hasChild("GET", DemoKafkaAndRedisIntegrationTests::redisCommand));
	}

	private static void redisCommand(dev.tracing.test.CapturedSpanAssert command) {
		command.hasKind(CLIENT)
			.hasServiceName("user-service")
			.hasAttribute("db.system.name", "redis")
			.hasAttribute("server.address", "127.0.0.1");
	}

}
