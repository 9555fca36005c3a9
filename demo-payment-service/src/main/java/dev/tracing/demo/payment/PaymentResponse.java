package dev.tracing.demo.payment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code POST /payments}: {@code {"success":true,"paymentIntentId":"pi_…"}}, or
 * {@code {"success":false,"error":"card_declined","message":"…"}}.
 * @param success whether the payment went through
 * @param paymentIntentId the provider's payment intent, on success
 * @param error a machine-readable reason, on failure
 * @param message a human-readable reason, on failure
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentResponse(boolean success, String paymentIntentId, String error, String message) {

	static PaymentResponse succeeded(String paymentIntentId) {
		return new PaymentResponse(true, paymentIntentId, null, null);
	}

	static PaymentResponse failed(String error, String message) {
		return new PaymentResponse(false, null, error, message);
	}

}
