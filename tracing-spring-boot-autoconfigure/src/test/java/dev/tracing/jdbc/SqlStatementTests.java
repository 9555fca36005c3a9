package dev.tracing.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlStatement}: what a span shows of a statement.
 */
class SqlStatementTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SELECT * FROM users WHERE name = 'ada' AND id = 42          | SELECT * FROM users WHERE name = ? AND id = ?
			SELECT * FROM t WHERE a = 'it''s' OR b = -3.5e10            | SELECT * FROM t WHERE a = ? OR b = -?
			SELECT * FROM t WHERE a = N'x' AND b = X'0F' AND c = 0xFF   | SELECT * FROM t WHERE a = ? AND b = ? AND c = ?
			SELECT * FROM t WHERE a = E'\\'' AND b = .5                 | SELECT * FROM t WHERE a = ? AND b = ?
			SELECT $$secret$$, $tag$ x $tag$ FROM t WHERE id = $1       | SELECT ?, ? FROM t WHERE id = $1
			SELECT a1, t2.c3 FROM table9 WHERE x = ? AND y = :name      | SELECT a1, t2.c3 FROM table9 WHERE x = ? AND y = :name
			SELECT /* user 42 */ a FROM t -- where b = 'x'              | SELECT a FROM t
			SELECT "Name" FROM "Users" WHERE "Id" = 7                   | SELECT "Name" FROM "Users" WHERE "Id" = ?
			SELECT * FROM t WHERE s = 'unclosed                         | SELECT * FROM t WHERE s = ?
			""")
	void shouldReplaceEveryLiteralAndDropComments(String sql, String expected) {
		assertThat(SqlStatement.of(sql, false).text()).isEqualTo(expected);
	}

	@Test
	void shouldFoldWhiteSpaceOfAStatementWrittenOverSeveralLines() {
		assertThat(SqlStatement.of("""
				SELECT id,
				       name
				  FROM users
				 WHERE id = 1
				""", false).text()).isEqualTo("SELECT id, name FROM users WHERE id = ?");
	}

	@Test
	void shouldTreatDoubleQuotesAsStringsWhereTheDialectDoes() {
		assertThat(SqlStatement.of("SELECT * FROM t WHERE a = \"secret\" AND b = 'x\\'y'", true).text())
			.isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			SELECT id, name FROM users WHERE id = ?                    | SELECT | users
			select * from shop.orders o where o.id = 1                 | SELECT | shop.orders
			SELECT * FROM "Users" AS u WHERE u.id = 1                  | SELECT | Users
			INSERT INTO "shop"."Orders" VALUES (1)                     | INSERT | shop.Orders
			UPDATE `orders` SET a = 1                                  | UPDATE | orders
			SELECT * FROM users u JOIN orders o ON o.user_id = u.id    | SELECT | -
			SELECT * FROM users, orders                                | SELECT | -
			SELECT * FROM (SELECT * FROM users) x                      | SELECT | -
			SELECT (SELECT max(id) FROM orders) FROM users             | SELECT | users
			SELECT 1                                                   | SELECT | -
			INSERT INTO users (id, name) VALUES (1, 'x')               | INSERT | users
			UPDATE users SET name = 'x' WHERE id = 1                   | UPDATE | users
			DELETE FROM users WHERE id = 1                             | DELETE | users
			MERGE INTO users USING src ON (users.id = src.id)          | MERGE  | users
			CREATE TABLE IF NOT EXISTS users (id INT)                  | CREATE | users
			CREATE INDEX users_name ON users (name)                    | CREATE | -
			DROP TABLE users                                           | DROP   | users
			TRUNCATE TABLE users                                       | TRUNCATE | users
			WITH recent AS (SELECT * FROM orders) SELECT * FROM recent | SELECT | recent
			(SELECT a FROM t1) UNION (SELECT a FROM t2)                | SELECT | t1
			CALL refresh_totals(?)                                     | CALL   | -
			?                                                          | -      | -
			""")
	void shouldFindTheOperationAndItsOneTable(String sql, String operation, String collection) {
		SqlStatement statement = SqlStatement.of(sql, false);
		assertThat(statement.operation()).isEqualTo(operation);
		assertThat(statement.collection()).isEqualTo(collection);
	}

	@Test
	void shouldNotFailOnEmptyOrOddText() {
		assertThat(SqlStatement.of("", false)).isEqualTo(new SqlStatement("", null, null));
		assertThat(SqlStatement.of("  /* only a comment", false).text()).isEmpty();
		assertThat(SqlStatement.of("SELECT $", false).text()).isEqualTo("SELECT $");
		assertThat(SqlStatement.of("SELECT * FROM", false).collection()).isNull();
	}

}
