package dev.tracing.demo.payment;

/**
 * Body of {@code POST /payments}.
 * @param userId the paying user
 * @param amountCents the amount, in the currency's minor unit
 * @param currency ISO 4217 code, such as {@code EUR}
 * @param paymentMethodId the provider's payment method, such as {@code pm_card_visa}
 */
public record PaymentRequest(String userId, long amountCents, String currency, String paymentMethodId) {

}
