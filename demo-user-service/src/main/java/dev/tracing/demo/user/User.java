package dev.tracing.demo.user;

/**
 * A user as the API returns it.
 * @param id the user id
 * @param name the display name
 * @param tenant the tenant the user belongs to
 * @param status {@code active}, {@code suspended} or {@code review} (recent chargebacks)
 */
public record User(String id, String name, String tenant, String status) {

}
