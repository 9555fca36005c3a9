package dev.tracing.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a trace backend must never store. An attribute whose key names a secret (password, token,
 * authorization, a card number…) has its whole value masked; secrets recognisable by their shape (card numbers that
 * pass the Luhn check, bearer tokens, JWTs, and any pattern the application adds) are masked wherever they occur in
 * text, span names included.
 */
public final class Redactor {

	public static final String MASK = "REDACTED";

	/** Key fragments, compared with separators ({@code - _ .}) removed and in lower case. */
	public static final List<String> DEFAULT_KEYS = List.of("password", "passwd", "secret", "token", "apikey",
			"authorization", "cookie", "cardnumber", "creditcard", "ccnumber", "cvv", "cvc", "privatekey");

	static final int MAX_CACHED_KEYS = 1024;

	private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

	// Also URL-encoded, as in a query string ("Bearer+…", "Bearer%20…").
	private static final Pattern BEARER = Pattern
		.compile("(?i)\\b(bearer|basic)(?:\\s+|\\+|%20)[A-Za-z0-9._~+/=%-]{8,}");

	private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

	private static final int CARD = 1;

	private static final int CREDENTIALS = 2;

	private static final int JWT_HEADER = 4;

	private final List<String> keyFragments;

	private final List<Pattern> extraPatterns;

	private final Map<String, Boolean> sensitiveKeys = new ConcurrentHashMap<>();

	public Redactor(List<String> extraKeys, List<String> extraPatterns) {
		List<String> keys = new ArrayList<>(DEFAULT_KEYS);
		extraKeys.stream().map(Redactor::normalizeKey).filter((key) -> !key.isEmpty()).forEach(keys::add);
		this.keyFragments = List.copyOf(keys);
		this.extraPatterns = extraPatterns.stream().map(Pattern::compile).toList();
	}

	public boolean isSensitiveKey(String key) {
		Boolean known = this.sensitiveKeys.get(key);
		if (known != null) {
			return known;
		}
		boolean sensitive = false;
		String normalized = normalizeKey(key);
		for (String fragment : this.keyFragments) {
			if (normalized.contains(fragment)) {
				sensitive = true;
				break;
			}
		}
		// Attribute keys are few and repeat on every span; past the bound (keys built from data) they are computed.
		if (this.sensitiveKeys.size() < MAX_CACHED_KEYS) {
			this.sensitiveKeys.put(key, sensitive);
		}
		return sensitive;
	}

	/**
	 * Masks recognisable secrets in a text.
	 * @param text the text
	 * @return the same instance when nothing was found, else the masked text
	 */
	public String redactText(String text) {
		if (text.length() < 8) {
			return text;
		}
		// Each built-in pattern runs only when the text can hold its shape, found in one pass over it: most values
		// (paths, routes, addresses) are then passed over without a Matcher, on every attribute of every exported span.
		int shapes = shapes(text);
		String result = text;
		if ((shapes & CARD) != 0) {
			result = replaceCards(text);
			if (result != text) {
				shapes = shapes(result);
			}
		}
		if ((shapes & CREDENTIALS) != 0) {
			result = BEARER.matcher(result).replaceAll((match) -> match.group(1) + " " + MASK);
		}
		if ((shapes & JWT_HEADER) != 0) {
			result = JWT.matcher(result).replaceAll(MASK);
		}
		for (int i = 0; i < this.extraPatterns.size(); i++) {
			result = this.extraPatterns.get(i).matcher(result).replaceAll(MASK);
		}
		return result.equals(text) ? text : result;
	}

	// Which built-in patterns can match: 13 digits or more (a card number), "bearer" or "basic" in any case, "eyJ".
	private static int shapes(String text) {
		int digits = 0;
		int shapes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				digits++;
			}
			else if (c == 'b' || c == 'B') {
				if (text.regionMatches(true, i, "bearer", 0, 6) || text.regionMatches(true, i, "basic", 0, 5)) {
					shapes |= CREDENTIALS;
				}
			}
			else if (c == 'e' && text.startsWith("eyJ", i)) {
				shapes |= JWT_HEADER;
			}
		}
		return (digits >= 13) ? shapes | CARD : shapes;
	}

	private static String replaceCards(String text) {
		Matcher matcher = CARD_CANDIDATE.matcher(text);
		StringBuilder result = null;
		int last = 0;
		while (matcher.find()) {
			if (passesLuhn(matcher.group())) {
				if (result == null) {
					result = new StringBuilder(text.length());
				}
				result.append(text, last, matcher.start()).append(MASK);
				last = matcher.end();
			}
		}
		if (result == null) {
			return text;
		}
		return result.append(text, last, text.length()).toString();
	}

	static boolean passesLuhn(String candidate) {
		int sum = 0;
		int digits = 0;
		boolean doubled = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			digits++;
			doubled = !doubled;
		}
		return digits >= 13 && digits <= 19 && sum % 10 == 0;
	}

	private static String normalizeKey(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c != '-' && c != '_' && c != '.' && c != ' ') {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

}
