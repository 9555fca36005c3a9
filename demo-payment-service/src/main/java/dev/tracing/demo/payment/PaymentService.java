package dev.tracing.demo.payment;

import java.util.Map;

import dev.tracing.demo.payment.UserClient.UserAccount;
import dev.tracing.span.Spans;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * One payment, as one {@code process_payment} span: look the user up (user-service, over HTTP), validate
 * ({@code validate_payment}), charge ({@code provider_charge}). A failure anywhere is recorded on
 * {@code process_payment} too, which gets status ERROR, and rethrown. A successful charge is published as
 * {@code payment.completed} ({@link PaymentEvents}, when {@code demo.kafka.enabled}).
 */
@Service
public class PaymentService {

	private final Spans spans;

	private final UserClient users;

	private final PaymentValidator validator;

	private final PaymentProviderClient provider;

	private final ObjectProvider<PaymentEvents> events;

	public PaymentService(Spans spans, UserClient users, PaymentValidator validator, PaymentProviderClient provider,
			ObjectProvider<PaymentEvents> events) {
		this.spans = spans;
		this.users = users;
		this.validator = validator;
		this.provider = provider;
		this.events = events;
	}

	public String process(PaymentRequest request) {
		Map<String, Object> attributes = Map.of("payment.amount_cents", request.amountCents(), "payment.currency",
				String.valueOf(request.currency()), "payment.method", String.valueOf(request.paymentMethodId()),
				"user.id", String.valueOf(request.userId()));
		return this.spans.call("process_payment", attributes, (span) -> {
			UserAccount user = this.users.find(request.userId());
			span.setAttribute("tenant.id", user.tenant());
			this.validator.validate(request.currency(), request.amountCents(), user);
			String intentId = this.provider.charge(request.amountCents(), request.currency(), request.paymentMethodId());
			span.setAttribute("payment.intent_id", intentId);
			this.events.ifAvailable((events) -> events.completed(request, intentId));
			return intentId;
		});
	}

}
