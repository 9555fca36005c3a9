package dev.tracing.demo.user;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/account-history?bounded=true}: applies the fix of the demo's slow query while it runs (and
 * {@code false} takes it back), so that the workflow's last step, confirming that the p99 dropped, needs no rebuild.
 * A demo switch, not something a real service would expose.
 */
@RestController
public class AccountHistoryController {

	private final AccountHistory history;

	public AccountHistoryController(AccountHistory history) {
		this.history = history;
	}

	@PostMapping("/demo/account-history")
	public Map<String, Object> bound(@RequestParam boolean bounded) {
		this.history.setBounded(bounded);
		return Map.of("bounded", this.history.isBounded());
	}

}
