package dev.tracing.bench.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The measured endpoints:
 * <ul>
 * <li>{@code /hello}: a tiny JSON answer, the worst case for relative overhead;</li>
 * <li>{@code /chain}: a call through a {@link RestClient} from Spring Boot's builder to {@code /hello} of this same
 * application, so a traced request is three spans (server, client, server);</li>
 * <li>{@code /work}: about a millisecond of CPU (a fixed number of SHA-256 rounds, the same in every variant), the
 * realistic case.</li>
 * </ul>
 * {@code /bench/allocated} is the harness's: bytes allocated so far by the live threads, to compute bytes per request.
 */
@RestController
public class BenchController {

	/** SHA-256 rounds over 1 KiB: about 1 ms of one core on the machine the results were taken on. */
	static final int WORK_ROUNDS = Integer.getInteger("bench.work.rounds", 160);

	private static final byte[] BLOCK = "0123456789abcdef".repeat(64).getBytes(StandardCharsets.US_ASCII);

	private final RestClient.Builder restClientBuilder;

	private final Environment environment;

	private volatile RestClient self;

	public BenchController(RestClient.Builder restClientBuilder, Environment environment) {
		this.restClientBuilder = restClientBuilder;
		this.environment = environment;
	}

	@GetMapping("/hello")
	public Map<String, String> hello() {
		return Map.of("message", "hello");
	}

	@GetMapping("/chain")
	public Map<String, Object> chain() {
		String hello = self().get().uri("/hello").retrieve().body(String.class);
		return Map.of("called", "/hello", "length", (hello != null) ? hello.length() : -1);
	}

	@GetMapping("/work")
	public Map<String, Object> work() throws NoSuchAlgorithmException {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] hash = BLOCK;
		for (int i = 0; i < WORK_ROUNDS; i++) {
			digest.update(BLOCK);
			digest.update(hash);
			hash = digest.digest();
		}
		return Map.of("rounds", WORK_ROUNDS, "first", hash[0]);
	}

	@GetMapping("/bench/allocated")
	public Map<String, Long> allocated() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return Map.of("bytes", total);
	}

	/**
	 * Bytes allocated so far by the live threads, summed by thread name without its trailing number
	 * ({@code http-nio-8080-exec-7} counts as {@code http-nio-8080-exec-}): which threads a per-request difference comes
	 * from (the request threads, the batch worker, the exporter's HTTP client).
	 * @return bytes by thread group
	 */
	@GetMapping("/bench/allocated-by-thread")
	public Map<String, Long> allocatedByThread() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long[] ids = threads.getAllThreadIds();
		long[] bytes = threads.getThreadAllocatedBytes(ids);
		ThreadInfo[] infos = threads.getThreadInfo(ids);
		Map<String, Long> byGroup = new TreeMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] > 0 && infos[i] != null) {
				byGroup.merge(infos[i].getThreadName().replaceAll("[0-9]+$", ""), bytes[i], Long::sum);
			}
		}
		return byGroup;
	}

	// Built on first use: the port is known only once the server has started.
	private RestClient self() {
		RestClient client = this.self;
		if (client == null) {
			String port = this.environment.getRequiredProperty("local.server.port");
			client = this.restClientBuilder.clone().baseUrl("http://127.0.0.1:" + port).build();
			this.self = client;
		}
		return client;
	}

}
