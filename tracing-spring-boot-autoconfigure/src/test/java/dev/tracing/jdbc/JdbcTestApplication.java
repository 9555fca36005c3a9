package dev.tracing.jdbc;

import java.util.List;
import java.util.Map;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet application with the starter, Boot's HikariCP data source over H2 and the actuator's health endpoint,
 * whose database check runs HikariCP's connection test query. Its exporter bean replaces OTLP behind the starter's
 * batch processor.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class JdbcTestApplication {

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	// Runs at start-up, outside any trace: makes no span
	@Bean
	ApplicationRunner createUsers(JdbcTemplate jdbc) {
		return (arguments) -> {
			jdbc.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
			jdbc.update("INSERT INTO users VALUES (1, 'ada'), (2, 'grace')");
		};
	}

	@RestController
	static class Users {

		private final JdbcTemplate jdbc;

		Users(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@GetMapping("/users/{id}")
		List<Map<String, Object>> user(@PathVariable int id) {
			return this.jdbc.queryForList("SELECT id, name FROM users WHERE id = ?", id);
		}

	}

}
