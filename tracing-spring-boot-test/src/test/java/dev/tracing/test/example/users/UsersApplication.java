package dev.tracing.test.example.users;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the README's example: {@code GET /users/{id}} reads the user with JDBC and asks the accounts
 * service for its plan with a {@code RestClient}.
 */
@SpringBootApplication
public class UsersApplication {

}
