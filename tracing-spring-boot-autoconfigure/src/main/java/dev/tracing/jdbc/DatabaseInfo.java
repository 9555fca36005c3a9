package dev.tracing.jdbc;

import java.util.Locale;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import org.jspecify.annotations.Nullable;

/**
 * What the spans of one data source say about its database, read once from the JDBC URL its driver reports: the
 * system ({@code db.system.name}), the database ({@code db.namespace}) and the server ({@code server.address},
 * {@code server.port}). User names, passwords and the URL's other parameters are never kept.
 *
 * @param system the value of {@code db.system.name}
 * @param namespace the database name, if the URL has one
 * @param host the server's host, if the URL has one
 * @param port the server's port, explicit or the system's default, if there is a host
 */
record DatabaseInfo(String system, @Nullable String namespace, @Nullable String host, @Nullable Integer port) {

	// Values of db.system.name (semantic conventions 1.37). Those of MariaDB, SQL Server, MySQL and PostgreSQL are
	// stable (DbSystemNameValues); the others are still incubating and written here rather than taken from the
	// alpha incubating artifact.
	private static final Map<String, String> SYSTEMS = Map.ofEntries(
			Map.entry("postgresql", DbAttributes.DbSystemNameValues.POSTGRESQL),
			Map.entry("mysql", DbAttributes.DbSystemNameValues.MYSQL),
			Map.entry("mariadb", DbAttributes.DbSystemNameValues.MARIADB),
			Map.entry("sqlserver", DbAttributes.DbSystemNameValues.MICROSOFT_SQL_SERVER),
			Map.entry("jtds", DbAttributes.DbSystemNameValues.MICROSOFT_SQL_SERVER), Map.entry("oracle", "oracle.db"),
			Map.entry("h2", "h2database"), Map.entry("hsqldb", "hsqldb"), Map.entry("derby", "derby"),
			Map.entry("db2", "ibm.db2"), Map.entry("sqlite", "sqlite"), Map.entry("clickhouse", "clickhouse"),
			Map.entry("cockroachdb", "cockroachdb"), Map.entry("sap", "sap.hana"), Map.entry("informix-sqli",
					"informix"));

	private static final Map<String, Integer> DEFAULT_PORTS = Map.of("postgresql", 5432, "mysql", 3306, "mariadb", 3306,
			"sqlserver", 1433, "jtds", 1433, "oracle", 1521, "db2", 50000, "clickhouse", 8123);

	static final DatabaseInfo UNKNOWN = new DatabaseInfo("other_sql", null, null, null);

	/**
	 * Whether the database reads {@code "…"} as a string literal rather than as a quoted identifier.
	 * @return whether double quotes delimit strings
	 */
	boolean doubleQuotedStrings() {
		return this.system.equals(DbAttributes.DbSystemNameValues.MYSQL)
				|| this.system.equals(DbAttributes.DbSystemNameValues.MARIADB);
	}

	void addTo(AttributesBuilder attributes) {
		attributes.put(DbAttributes.DB_SYSTEM_NAME, this.system);
		if (this.namespace != null) {
			attributes.put(DbAttributes.DB_NAMESPACE, this.namespace);
		}
		if (this.host != null) {
			attributes.put(ServerAttributes.SERVER_ADDRESS, this.host);
			if (this.port != null) {
				attributes.put(ServerAttributes.SERVER_PORT, (long) this.port);
			}
		}
	}

	Attributes attributes() {
		AttributesBuilder builder = Attributes.builder();
		addTo(builder);
		return builder.build();
	}

	/**
	 * Read what a JDBC URL says of its database.
	 * @param url the URL, as the driver reports it, or {@code null}
	 * @return what it says; {@link #UNKNOWN} for a URL that is not a JDBC one
	 */
	static DatabaseInfo fromUrl(@Nullable String url) {
		if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
			return UNKNOWN;
		}
		String rest = url.substring(5);
		int colon = rest.indexOf(':');
		if (colon <= 0) {
			return UNKNOWN;
		}
		String subprotocol = rest.substring(0, colon).toLowerCase(Locale.ROOT);
		String system = SYSTEMS.getOrDefault(subprotocol, "other_sql");
		String remainder = rest.substring(colon + 1);
		return switch (subprotocol) {
			case "h2" -> h2(system, remainder);
			case "hsqldb" -> embedded(system, afterPrefix(remainder, "mem:", "file:", "res:"));
			case "derby", "sqlite" -> embedded(system, remainder.startsWith("memory:") ? remainder.substring(7) : remainder);
			case "oracle" -> oracle(system, remainder);
			case "sqlserver", "jtds" -> sqlServer(system, subprotocol, remainder);
			default -> hierarchical(system, subprotocol, remainder);
		};
	}

	private static String afterPrefix(String value, String... prefixes) {
		for (String prefix : prefixes) {
			if (value.startsWith(prefix)) {
				return value.substring(prefix.length());
			}
		}
		return value;
	}

	// jdbc:h2:mem:name;OPTIONS, jdbc:h2:file:/path/name, jdbc:h2:~/name, jdbc:h2:tcp://host:port/path/name
	private static DatabaseInfo h2(String system, String remainder) {
		if (remainder.startsWith("tcp:") || remainder.startsWith("ssl:")) {
			return hierarchical(system, "h2", remainder.substring(4));
		}
		return embedded(system, afterPrefix(remainder, "mem:", "file:", "zip:", "nio:", "split:"));
	}

	private static DatabaseInfo embedded(String system, String location) {
		String name = cut(location, ';', '?');
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		name = name.substring(slash + 1);
		return new DatabaseInfo(system, name.isEmpty() ? null : name, null, null);
	}

	// jdbc:postgresql://host:port/db?x, jdbc:mysql://user:pw@host/db, jdbc:mariadb:replication://a,b/db
	private static DatabaseInfo hierarchical(String system, String subprotocol, String remainder) {
		int slashes = remainder.indexOf("//");
		if (slashes < 0) {
			return new DatabaseInfo(system, null, null, null);
		}
		String authorityAndPath = cut(remainder.substring(slashes + 2), '?', ';');
		int slash = authorityAndPath.indexOf('/');
		String authority = (slash < 0) ? authorityAndPath : authorityAndPath.substring(0, slash);
		String database = (slash < 0) ? null : authorityAndPath.substring(slash + 1);
		authority = authority.substring(authority.lastIndexOf('@') + 1);
		// The first of several hosts (fail-over lists) is the one named.
		authority = cut(authority, ',');
		return withServer(system, (database == null || database.isEmpty()) ? null : database, authority,
				DEFAULT_PORTS.get(subprotocol));
	}

	// jdbc:oracle:thin:@host:port:SID, jdbc:oracle:thin:@//host:port/service, jdbc:oracle:thin:@(DESCRIPTION=...)
	private static DatabaseInfo oracle(String system, String remainder) {
		int at = remainder.indexOf('@');
		if (at < 0 || remainder.startsWith("(", at + 1)) {
			return new DatabaseInfo(system, null, null, null);
		}
		String target = remainder.substring(at + 1);
		if (target.startsWith("//")) {
			target = target.substring(2);
		}
		int slash = target.indexOf('/');
		String database;
		String authority;
		if (slash >= 0) {
			database = target.substring(slash + 1);
			authority = target.substring(0, slash);
		}
		else {
			int sid = target.indexOf(':', target.indexOf(':') + 1);
			database = (sid >= 0) ? target.substring(sid + 1) : null;
			authority = (sid >= 0) ? target.substring(0, sid) : target;
		}
		return withServer(system, (database == null || database.isEmpty()) ? null : database, authority, 1521);
	}

	// jdbc:sqlserver://host\instance:port;databaseName=db;user=…
	private static DatabaseInfo sqlServer(String system, String subprotocol, String remainder) {
		if (subprotocol.equals("jtds")) {
			return hierarchical(system, subprotocol, afterPrefix(remainder, "sqlserver:", "sybase:"));
		}
		String afterSlashes = remainder.startsWith("//") ? remainder.substring(2) : remainder;
		String authority = cut(afterSlashes, ';');
		String database = null;
		for (String property : afterSlashes.split(";")) {
			int equals = property.indexOf('=');
			if (equals > 0) {
				String key = property.substring(0, equals).trim();
				if (key.equalsIgnoreCase("databaseName") || key.equalsIgnoreCase("database")) {
					database = property.substring(equals + 1).trim();
				}
			}
		}
		int backslash = authority.indexOf('\\');
		if (backslash >= 0) {
			int colon = authority.indexOf(':', backslash);
			authority = authority.substring(0, backslash) + ((colon >= 0) ? authority.substring(colon) : "");
		}
		return withServer(system, database, authority, 1433);
	}

	private static DatabaseInfo withServer(String system, @Nullable String database, String authority,
			@Nullable Integer defaultPort) {
		String host = authority;
		Integer port = defaultPort;
		if (authority.startsWith("[")) {
			int close = authority.indexOf(']');
			host = (close > 0) ? authority.substring(1, close) : authority;
			if (close > 0 && authority.startsWith(":", close + 1)) {
				port = parsePort(authority.substring(close + 2));
			}
		}
		else {
			int colon = authority.lastIndexOf(':');
			if (colon >= 0) {
				host = authority.substring(0, colon);
				Integer explicit = parsePort(authority.substring(colon + 1));
				port = (explicit != null) ? explicit : defaultPort;
			}
		}
		if (host.isEmpty()) {
			return new DatabaseInfo(system, database, null, null);
		}
		return new DatabaseInfo(system, database, host, port);
	}

	private static @Nullable Integer parsePort(String value) {
		try {
			int port = Integer.parseInt(value.trim());
			return (port > 0 && port < 65536) ? port : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String cut(String value, char... terminators) {
		int end = value.length();
		for (char terminator : terminators) {
			int index = value.indexOf(terminator);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		return value.substring(0, end);
	}

}
