package dev.tracing.demo.user;

import java.util.Optional;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users, read through JDBC from the embedded H2 database ({@code schema.sql}, {@code data.sql}), cached in Redis when
 * {@code demo.cache.enabled} is {@code true} (see {@link DemoFeatures.UserCache}).
 */
@Repository
public class UserRepository {

	private final JdbcClient jdbc;

	public UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Cacheable("users")
	public Optional<User> findById(String id) {
		return this.jdbc.sql("SELECT id, name, tenant_id, status FROM users WHERE id = ?")
			.param(id)
			.query((rs, rowNum) -> new User(rs.getString("id"), rs.getString("name"), rs.getString("tenant_id"),
					rs.getString("status")))
			.optional();
	}

}
