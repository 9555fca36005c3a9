package dev.tracing.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the small decisions of the JDBC instrumentation.
 */
class JdbcTracingTests {

	@Test
	void shouldNameSpansFromOperationAndCollection() {
		StatementSpans spans = new StatementSpans(io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"), false);
		assertThat(spans.spanName("SELECT", "users")).isEqualTo("SELECT users");
		assertThat(spans.spanName("BATCH INSERT", "users")).isEqualTo("BATCH INSERT users");
		assertThat(spans.spanName("SELECT", null)).isEqualTo("SELECT");
		assertThat(spans.spanName(null, null)).isEqualTo("other_sql");
	}

	@Test
	void shouldReportTheVendorCodeElseTheSqlState() {
		assertThat(StatementSpans.statusCode(new java.sql.SQLException("no table", "42S02", 42102))).isEqualTo("42102");
		assertThat(StatementSpans.statusCode(new java.sql.SQLException("no table", "42P01"))).isEqualTo("42P01");
		assertThat(StatementSpans.statusCode(new java.sql.SQLException("unknown"))).isNull();
	}

	@Test
	void shouldSubclassOnlyDataSourcesWhoseMethodsCanAllBeOverridden() {
		assertThat(JdbcTracing.canSubclass(new HikariDataSource())).isTrue();
		// final class
		assertThat(JdbcTracing.canSubclass(new JdbcDataSource())).isFalse();
		assertThat(JdbcTracing.canSubclass(new WithFinalMethod())).isFalse();
	}

	@Test
	void shouldProxyTheInterfacesOfADataSourceThatCannotBeSubclassed() throws Exception {
		JdbcTracing tracing = new JdbcTracing(io.opentelemetry.api.OpenTelemetry.noop(), false);
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:proxied");
		DataSource instrumented = tracing.instrument(h2);
		assertThat(instrumented).isNotSameAs(h2)
			.isInstanceOf(javax.sql.XADataSource.class)
			.isInstanceOf(javax.sql.ConnectionPoolDataSource.class);
		assertThat(JdbcTracing.isInstrumented(instrumented)).isTrue();
		assertThat(tracing.instrument(instrumented)).isSameAs(instrumented);
		assertThat(((javax.sql.XADataSource) instrumented).getLoginTimeout()).isEqualTo(h2.getLoginTimeout());
	}

	public static class WithFinalMethod implements DataSource {

		public final String name() {
			return "final";
		}

		@Override
		public Connection getConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
