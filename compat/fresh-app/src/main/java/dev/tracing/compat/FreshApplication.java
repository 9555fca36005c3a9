package dev.tracing.compat;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The smallest application that crosses HTTP in, JDBC and HTTP out: what a user would try first.
 */
@SpringBootApplication
public class FreshApplication {

	public static void main(String[] args) {
		SpringApplication.run(FreshApplication.class, args);
	}

	@RestController
	static class UsersController {

		private final JdbcClient jdbc;

		private final RestClient self;

		UsersController(JdbcClient jdbc, RestClient.Builder builder) {
			this.jdbc = jdbc;
			this.self = builder.build();
		}

		@GetMapping("/users/{id}")
		Map<String, Object> user(@PathVariable long id) {
			return this.jdbc.sql("SELECT id, name FROM users WHERE id = ?").param(id).query().singleRow();
		}

		@GetMapping("/profiles/{id}")
		String profile(@PathVariable long id) {
			return this.self.get()
				.uri(ServletUriComponentsBuilder.fromCurrentContextPath().path("/users/{id}").buildAndExpand(id).toUri())
				.retrieve()
				.body(String.class);
		}

	}

}
