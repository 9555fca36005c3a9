package dev.tracing.demo.payment;

import org.springframework.http.HttpStatus;

/**
 * Why a payment did not go through: recorded on the spans it escapes, then answered with {@link #status()} and
 * {@code {"success":false,"error":…}}.
 */
public class PaymentFailure extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	public PaymentFailure(HttpStatus status, String error, String message) {
		this(status, error, message, null);
	}

	public PaymentFailure(HttpStatus status, String error, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.error = error;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String error() {
		return this.error;
	}

	/** The provider declined the card: 402, as the provider answered. */
	public static class CardDeclined extends PaymentFailure {

		public CardDeclined(String message, Throwable cause) {
			super(HttpStatus.PAYMENT_REQUIRED, "card_declined", message, cause);
		}

	}

	/** The payment breaks one of our rules (currency, amount, user's standing): 422. */
	public static class Rejected extends PaymentFailure {

		public Rejected(String error, String message) {
			super(HttpStatus.UNPROCESSABLE_ENTITY, error, message);
		}

	}

}
