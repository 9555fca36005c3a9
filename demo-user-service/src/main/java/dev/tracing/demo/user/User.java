package dev.tracing.demo.user;

import java.io.Serializable;

/**
 * A user as the API returns it. Serializable: Redis caches it (JDK serialization, Spring Data Redis's default).
 * @param id the user id
 * @param name the display name
 * @param tenant the tenant the user belongs to
 * @param status {@code active}, {@code suspended} or {@code review} (recent chargebacks)
 */
public record User(String id, String name, String tenant, String status) implements Serializable {

}
