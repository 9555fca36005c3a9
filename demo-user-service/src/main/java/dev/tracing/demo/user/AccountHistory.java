package dev.tracing.demo.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.tracing.span.TracedAttribute;
import dev.tracing.span.Traced;
import io.opentelemetry.api.trace.Span;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts an account's chargebacks of the last 90 days, which decides whether a user is put under review.
 * <p>
 * This is the demo's deliberate performance bug, the kind the trace-based debugging workflow finds: the query reads
 * every event the account ever had (no time window, no {@code LIMIT}; in H2 no index on {@code user_id} either) and
 * the 90 days are filtered in Java. Harmless for an account with twenty events; for {@code slow}, an account with
 * seventeen years of history, it reads 150,000 rows in H2 and 2,500,000 in PostgreSQL (the {@code postgresql}
 * profile, where the time is the real query's, none of it simulated). The {@code load_account_history} span records
 * how many rows were read ({@code account.events_read}) and how few were needed ({@code account.events_used}). The
 * fix: filter in SQL on {@code created_at} with an index on {@code (user_id, created_at)}.
 * <p>
 * The demo can apply the first half of that fix without a rebuild, to show the p99 dropping: the bounded query reads
 * only the 90 days, when {@code demo.account-history.bounded} is {@code true} or after
 * {@code POST /demo/account-history?bounded=true}.
 * <p>
 * The history is read in a read-only transaction: with a fetch size ({@code spring.jdbc.template.fetch-size}, set by
 * the {@code postgresql} profile), PostgreSQL's driver then streams the rows through a cursor, a batch per round trip,
 * instead of holding the whole result in memory (it does so outside a transaction, whatever the fetch size).
 */
@Component
public class AccountHistory {

	static final String ALL_EVENTS_QUERY = "SELECT id, type, amount_cents, created_at FROM account_events WHERE user_id = ?";

	static final String RECENT_EVENTS_QUERY = ALL_EVENTS_QUERY + " AND created_at >= ?";

	private static final Duration WINDOW = Duration.ofDays(90);

	private final JdbcClient jdbc;

	private final TransactionTemplate readOnly;

	private final Duration latencyPerThousandRows;

	private volatile boolean bounded;

	/**
	 * Creates the history reader.
	 * @param jdbc the JDBC client
	 * @param transactions the transaction manager of the client's data source
	 * @param latencyPerThousandRows time added per thousand rows read: H2 runs in memory and hands rows over far
	 * faster than a database across the network, which ships a big result in batches, a few milliseconds each. The
	 * demo adds that time ({@code demo.database.latency-per-thousand-rows}, 15 ms by default, about what a
	 * network database costs) so that its traces look like production's; {@code 0ms} turns it off, as the
	 * {@code postgresql} profile does. The time is spent while the rows are read, so it lands in the query's database
	 * span, as a real driver's fetches would.
	 * @param bounded whether the query reads only the 90 days it needs (the fix), instead of the whole history
	 */
	public AccountHistory(JdbcClient jdbc, PlatformTransactionManager transactions,
			@Value("${demo.database.latency-per-thousand-rows:15ms}") Duration latencyPerThousandRows,
			@Value("${demo.account-history.bounded:false}") boolean bounded) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.latencyPerThousandRows = latencyPerThousandRows;
		this.bounded = bounded;
	}

	public boolean isBounded() {
		return this.bounded;
	}

	public void setBounded(boolean bounded) {
		this.bounded = bounded;
	}

	@Traced("load_account_history")
	public int recentChargebacks(@TracedAttribute("user.id") String userId) {
		Timestamp since = Timestamp.from(Instant.now().minus(WINDOW).truncatedTo(ChronoUnit.SECONDS));
		int[] read = { 0 };
		int[] used = { 0 };
		int[] chargebacks = { 0 };
		boolean recentOnly = this.bounded;
		JdbcClient.StatementSpec query = recentOnly ? this.jdbc.sql(RECENT_EVENTS_QUERY).param(userId).param(since)
				: this.jdbc.sql(ALL_EVENTS_QUERY).param(userId);
		this.readOnly.executeWithoutResult((status) -> query.query((rs) -> {
			read[0]++;
			if (read[0] % 1000 == 0) {
				networkTransfer();
			}
			if (!rs.getTimestamp("created_at").before(since)) {
				used[0]++;
				if ("chargeback".equals(rs.getString("type"))) {
					chargebacks[0]++;
				}
			}
		}));
		Span span = Span.current();
		span.setAttribute("account.events_read", read[0]);
		span.setAttribute("account.events_used", used[0]);
		span.setAttribute("account.history_window", recentOnly ? "90d" : "unbounded");
		span.setAttribute("account.recent_chargebacks", chargebacks[0]);
		return chargebacks[0];
	}

	private void networkTransfer() {
		if (this.latencyPerThousandRows.isZero()) {
			return;
		}
		try {
			Thread.sleep(this.latencyPerThousandRows.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
