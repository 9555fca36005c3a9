package dev.tracing.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseInfo}: what a JDBC URL says of its database.
 */
class DatabaseInfoTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			jdbc:postgresql://db.example.com:6543/shop?user=u&password=p | postgresql           | shop    | db.example.com | 6543
			jdbc:postgresql://localhost/shop                             | postgresql           | shop    | localhost      | 5432
			jdbc:postgresql:shop                                         | postgresql           | -       | -              | -
			jdbc:mysql://u:secret@mysql.local/orders                     | mysql                | orders  | mysql.local    | 3306
			jdbc:mariadb:replication://a.local:3307,b.local/orders       | mariadb              | orders  | a.local        | 3307
			jdbc:sqlserver://sql.local\\inst:1444;databaseName=crm;user=u | microsoft.sql_server | crm     | sql.local      | 1444
			jdbc:oracle:thin:@ora.local:1522:ORCL                        | oracle.db            | ORCL    | ora.local      | 1522
			jdbc:oracle:thin:@//ora.local/service                        | oracle.db            | service | ora.local      | 1521
			jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1                           | h2database           | shop    | -              | -
			jdbc:h2:file:/var/data/shop                                  | h2database           | shop    | -              | -
			jdbc:h2:tcp://h2.local:9092/~/shop                           | h2database           | ~/shop  | h2.local       | 9092
			jdbc:hsqldb:mem:test                                         | hsqldb               | test    | -              | -
			jdbc:postgresql://[::1]:5433/shop                            | postgresql           | shop    | ::1            | 5433
			jdbc:acme://host:1/x                                         | other_sql            | x       | host           | 1
			""")
	void shouldReadTheSystemDatabaseAndServer(String url, String system, String namespace, String host, Integer port) {
		assertThat(DatabaseInfo.fromUrl(url)).isEqualTo(new DatabaseInfo(system, namespace, host, port));
	}

	@ParameterizedTest
	@CsvSource({ "not a url", "jdbc:", "jdbc:nocolon" })
	void shouldKnowNothingOfAnythingElse(String url) {
		assertThat(DatabaseInfo.fromUrl(url)).isEqualTo(DatabaseInfo.UNKNOWN);
	}

}
