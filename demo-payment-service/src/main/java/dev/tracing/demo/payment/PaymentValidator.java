package dev.tracing.demo.payment;

import java.util.Set;

import dev.tracing.demo.payment.UserClient.UserAccount;
import dev.tracing.span.TracedAttribute;
import dev.tracing.span.Traced;

import org.springframework.stereotype.Component;

/**
 * Our own rules, checked before the provider is asked. {@link Traced @Traced} makes the call a
 * {@code validate_payment} span, child of {@code process_payment}; a rejection is recorded on it.
 */
@Component
public class PaymentValidator {

	private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP");

	private static final long MAX_AMOUNT_CENTS = 1_000_000;

	@Traced("validate_payment")
	public void validate(@TracedAttribute("payment.currency") String currency,
			@TracedAttribute("payment.amount_cents") long amountCents, UserAccount user) {
		if (currency == null || !CURRENCIES.contains(currency)) {
			throw new PaymentFailure.Rejected("unsupported_currency", "Currency " + currency + " is not one of " + CURRENCIES);
		}
		if (amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
			throw new PaymentFailure.Rejected("invalid_amount",
					"Amount must be between 1 and " + MAX_AMOUNT_CENTS + " cents, was " + amountCents);
		}
		if (!"active".equals(user.status())) {
			throw new PaymentFailure.Rejected("user_not_active", "User " + user.id() + " is " + user.status());
		}
	}

}
