package dev.tracing.demo.payment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Looks users up in user-service with a {@link RestClient} built from Boot's builder: the starter gives each call a
 * CLIENT span and sends {@code traceparent}, so user-service's spans join the caller's trace.
 */
@Component
public class UserClient {

	private final RestClient restClient;

	public UserClient(RestClient.Builder builder, @Value("${demo.user-service.base-url}") String baseUrl) {
		this.restClient = builder.baseUrl(baseUrl).build();
	}

	public UserAccount find(String userId) {
		try {
			return this.restClient.get().uri("/users/{id}", userId).retrieve().body(UserAccount.class);
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new PaymentFailure(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_user", "No user " + userId, ex);
		}
	}

	/**
	 * A user as user-service returns it.
	 * @param id the user id
	 * @param name the display name
	 * @param tenant the user's tenant
	 * @param status {@code active}, {@code suspended} or {@code review}
	 */
	public record UserAccount(String id, String name, String tenant, String status) {

	}

}
