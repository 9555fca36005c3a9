package dev.tracing.redaction;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

	private final Redactor redactor = new Redactor(List.of("ssn"), List.of("acct-\\d{6}"));

	@Test
	void shouldTreatKeysNamingSecretsAsSensitive() {
		assertThat(this.redactor.isSensitiveKey("user.password")).isTrue();
		assertThat(this.redactor.isSensitiveKey("db.passwd")).isTrue();
		assertThat(this.redactor.isSensitiveKey("http.request.header.authorization")).isTrue();
		assertThat(this.redactor.isSensitiveKey("http.response.header.set-cookie")).isTrue();
		assertThat(this.redactor.isSensitiveKey("stripe.api_key")).isTrue();
		assertThat(this.redactor.isSensitiveKey("X-Api-Key")).isTrue();
		assertThat(this.redactor.isSensitiveKey("oauth.refresh_token")).isTrue();
		assertThat(this.redactor.isSensitiveKey("client_secret")).isTrue();
		assertThat(this.redactor.isSensitiveKey("payment.card_number")).isTrue();
		assertThat(this.redactor.isSensitiveKey("customer.ssn")).isTrue();
		assertThat(this.redactor.isSensitiveKey("http.route")).isFalse();
		assertThat(this.redactor.isSensitiveKey("payment.amount_cents")).isFalse();
		assertThat(this.redactor.isSensitiveKey("db.query.text")).isFalse();
	}

	@Test
	void shouldMaskCardNumbersThatPassTheLuhnCheckOnly() {
		assertThat(this.redactor.redactText("charge 4242424242424242 now")).isEqualTo("charge REDACTED now");
		assertThat(this.redactor.redactText("card 4111 1111 1111 1111.")).isEqualTo("card REDACTED.");
		assertThat(this.redactor.redactText("amex 3782-822463-10005")).isEqualTo("amex REDACTED");
		assertThat(this.redactor.redactText("order 4242424242424241 shipped"))
			.as("fails Luhn: an order number, not a card")
			.isEqualTo("order 4242424242424241 shipped");
		assertThat(this.redactor.redactText("trace 4bf92f3577b34da6a3ce929d0e0e4736")).contains("4bf92f3577b34da6");
	}

	@Test
	void shouldMaskBearerTokensAndJwts() {
		assertThat(this.redactor.redactText("Authorization: Bearer abc.def-ghi_jkl123"))
			.isEqualTo("Authorization: Bearer REDACTED");
		assertThat(this.redactor.redactText("note=Bearer+sk_live_abcdef123&x=1")).isEqualTo("note=Bearer REDACTED&x=1");
		assertThat(this.redactor.redactText("note=bearer%20sk_live_abcdef123")).isEqualTo("note=bearer REDACTED");
		String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
		assertThat(this.redactor.redactText("token " + jwt + " expired")).isEqualTo("token REDACTED expired");
	}

	@Test
	void shouldMaskAddedPatternsAndKeepTextWithoutSecretsIdentical() {
		assertThat(this.redactor.redactText("moved from acct-123456")).isEqualTo("moved from REDACTED");
		String clean = "GET /users/{id} answered 200";
		assertThat(this.redactor.redactText(clean)).isSameAs(clean);
	}

	@Test
	void shouldMaskBasicCredentialsWhateverTheirCase() {
		assertThat(this.redactor.redactText("header BASIC dXNlcjpwYXNzd29yZA==")).isEqualTo("header BASIC REDACTED");
		assertThat(this.redactor.redactText("a basically fine sentence")).isEqualTo("a basically fine sentence");
	}

	@Test
	void shouldAnswerAlikeForRepeatedKeysAndPastTheCacheBound() {
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < Redactor.MAX_CACHED_KEYS + 100; i++) {
				assertThat(this.redactor.isSensitiveKey("app.token_" + i)).isTrue();
				assertThat(this.redactor.isSensitiveKey("app.attribute_" + i)).isFalse();
			}
		}
	}

	@Test
	void shouldMaskEverySecretOfOneText() {
		String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
		assertThat(this.redactor.redactText("card 4242424242424242, Bearer abcdefgh123, id " + jwt + ", acct-123456"))
			.isEqualTo("card REDACTED, Bearer REDACTED, id REDACTED, REDACTED");
		assertThat(this.redactor.redactText("basic4242424242424242")).as("no separator: not credentials")
			.isEqualTo("basicREDACTED");
	}

}
