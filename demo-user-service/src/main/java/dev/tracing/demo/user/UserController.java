package dev.tracing.demo.user;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /users/{id}}: the user, or 404. A user with recent chargebacks is returned with status {@code review}.
 */
@RestController
public class UserController {

	private final UserRepository users;

	private final AccountHistory history;

	public UserController(UserRepository users, AccountHistory history) {
		this.users = users;
		this.history = history;
	}

	@GetMapping("/users/{id}")
	public ResponseEntity<?> user(@PathVariable String id) {
		return this.users.findById(id).<ResponseEntity<?>>map((user) -> ResponseEntity.ok(withStanding(user)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "user_not_found", "id", id)));
	}

	private User withStanding(User user) {
		if (!"active".equals(user.status())) {
			return user;
		}
		int chargebacks = this.history.recentChargebacks(user.id());
		return (chargebacks > 0) ? new User(user.id(), user.name(), user.tenant(), "review") : user;
	}

}
