package dev.tracing.demo.payment;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /payments}: 200 {@code {"success":true,"paymentIntentId":"pi_…"}}; 402 when the card is declined,
 * 422 when our rules reject the payment, 502 when the provider fails, each with {@code {"success":false,…}}.
 */
@RestController
public class PaymentController {

	private final PaymentService payments;

	public PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping("/payments")
	public PaymentResponse pay(@RequestBody PaymentRequest request) {
		return PaymentResponse.succeeded(this.payments.process(request));
	}

	@ExceptionHandler
	ResponseEntity<PaymentResponse> failed(PaymentFailure failure) {
		return ResponseEntity.status(failure.status()).body(PaymentResponse.failed(failure.error(), failure.getMessage()));
	}

}
