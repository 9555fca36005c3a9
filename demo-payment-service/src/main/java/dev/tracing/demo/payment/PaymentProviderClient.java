package dev.tracing.demo.payment;

import java.util.Map;

import dev.tracing.span.Spans;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Charges the card at the payment provider (a Stripe-shaped API) with a {@link WebClient} built from Boot's builder.
 * The call runs in a {@code provider_charge} span that carries the payment method and, once known, the provider's
 * payment intent id; the starter adds the HTTP CLIENT span under it. The provider's host is in
 * {@code tracing.propagation.exclude-hosts}: it receives no trace headers.
 */
@Component
public class PaymentProviderClient {

	private final WebClient webClient;

	private final Spans spans;

	public PaymentProviderClient(WebClient.Builder builder, Spans spans,
			@Value("${demo.provider.base-url}") String baseUrl, @Value("${demo.provider.api-key}") String apiKey) {
		this.webClient = builder.baseUrl(baseUrl).defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey).build();
		this.spans = spans;
	}

	/**
	 * Charges a payment method.
	 * @param amountCents the amount in minor units
	 * @param currency the currency
	 * @param paymentMethodId the provider's payment method
	 * @return the provider's payment intent id
	 */
	public String charge(long amountCents, String currency, String paymentMethodId) {
		return this.spans.call("provider_charge", Map.of("stripe.payment_method", paymentMethodId), (span) -> {
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("amount", Long.toString(amountCents));
			form.add("currency", currency.toLowerCase());
			form.add("payment_method", paymentMethodId);
			form.add("confirm", "true");
			PaymentIntent intent;
			try {
				intent = this.webClient.post()
					.uri("/v1/payment_intents")
					.body(BodyInserters.fromFormData(form))
					.retrieve()
					.bodyToMono(PaymentIntent.class)
					.block();
			}
			catch (WebClientResponseException ex) {
				if (ex.getStatusCode().value() == HttpStatus.PAYMENT_REQUIRED.value()) {
					throw new PaymentFailure.CardDeclined(declineMessage(ex), ex);
				}
				throw new PaymentFailure(HttpStatus.BAD_GATEWAY, "provider_error",
						"Payment provider answered " + ex.getStatusCode().value(), ex);
			}
			if (intent == null || intent.id() == null) {
				throw new PaymentFailure(HttpStatus.BAD_GATEWAY, "provider_error", "Payment provider sent no intent");
			}
			span.setAttribute("stripe.payment_intent_id", intent.id());
			return intent.id();
		});
	}

	private static String declineMessage(WebClientResponseException ex) {
		try {
			ProviderError body = ex.getResponseBodyAs(ProviderError.class);
			if (body != null && body.error() != null) {
				return "Card declined by the provider: " + body.error().code() + " (" + body.error().message() + ")";
			}
		}
		catch (RuntimeException ignored) {
			// Not the provider's error shape: fall back to the raw body.
		}
		return "Card declined by the provider: " + ex.getResponseBodyAsString();
	}

	/**
	 * The part of the provider's answer we use.
	 * @param id the payment intent id, {@code pi_…}
	 * @param status the intent's status
	 */
	record PaymentIntent(String id, String status) {

	}

	/**
	 * The provider's error answer: {@code {"error":{"type":"card_error","code":"card_declined","message":…}}}.
	 * @param error the error
	 */
	record ProviderError(Detail error) {

		record Detail(String type, String code, String message) {

		}

	}

}
