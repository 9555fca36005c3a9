package dev.tracing.propagation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HostExclusionTests {

	private final HostExclusion exclusion = HostExclusion.of(List.of("api.stripe.com", "*.payments.example"));

	@Test
	void shouldExcludeExactHostsIgnoringCase() {
		assertThat(this.exclusion.isExcluded("api.stripe.com")).isTrue();
		assertThat(this.exclusion.isExcluded("API.Stripe.COM")).isTrue();
		assertThat(this.exclusion.isExcluded("stripe.com")).isFalse();
		assertThat(this.exclusion.isExcluded("evilapi.stripe.com")).isFalse();
	}

	@Test
	void shouldExcludeEverySubDomainOfAWildcardButNotTheDomainItself() {
		assertThat(this.exclusion.isExcluded("eu.payments.example")).isTrue();
		assertThat(this.exclusion.isExcluded("a.b.payments.example")).isTrue();
		assertThat(this.exclusion.isExcluded("payments.example")).isFalse();
		assertThat(this.exclusion.isExcluded("notpayments.example")).isFalse();
	}

	@Test
	void shouldExcludeNothingByDefault() {
		assertThat(HostExclusion.none().isExcluded("api.stripe.com")).isFalse();
		assertThat(this.exclusion.isExcluded(null)).isFalse();
	}

	@Test
	void shouldRejectPatternsItCannotHonour() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostExclusion.of(List.of("api.*.com")))
			.withMessageContaining("api.*.com");
	}

}
