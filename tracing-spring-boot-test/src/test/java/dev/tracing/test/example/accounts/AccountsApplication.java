package dev.tracing.test.example.accounts;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service the example's users service calls, for the cross-service test: {@code GET /accounts/{id}}.
 */
@SpringBootApplication
@RestController
public class AccountsApplication {

	@GetMapping("/accounts/{id}")
	Map<String, String> account(@PathVariable String id) {
		return Map.of("id", id, "plan", id.startsWith("u_9") ? "free" : "pro");
	}

}
