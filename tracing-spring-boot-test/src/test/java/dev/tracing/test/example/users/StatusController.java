package dev.tracing.test.example.users;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with the status it is asked for, or fails: for the {@code @WebMvcTest} slice.
 */
@RestController
class StatusController {

	@GetMapping("/status/{code}")
	ResponseEntity<String> status(@PathVariable int code) {
		if (code == 999) {
			throw new IllegalStateException("status 999 asked for");
		}
		return ResponseEntity.status(code).body("status " + code);
	}

}
