package dev.tracing.test.example.users;

import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

@RestController
class UserController {

	private final JdbcClient jdbc;

	private final RestClient accounts;

	UserController(JdbcClient jdbc, RestClient.Builder restClient, @Value("${example.accounts.base-url}") String accounts) {
		this.jdbc = jdbc;
		this.accounts = restClient.baseUrl(accounts).build();
	}

	@GetMapping("/users/{id}")
	ResponseEntity<Map<String, Object>> user(@PathVariable String id, @RequestParam Optional<String> note) {
		note.ifPresent((text) -> Span.current().setAttribute("user.note", text));
		Optional<String> name = this.jdbc.sql("SELECT id, name FROM users WHERE id = ?")
			.param(id)
			.query((rs, row) -> rs.getString("name"))
			.optional();
		if (name.isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		Map<?, ?> account = this.accounts.get().uri("/accounts/{id}", id).retrieve().body(Map.class);
		return ResponseEntity.ok(Map.of("id", id, "name", name.get(), "plan", account.get("plan")));
	}

}
