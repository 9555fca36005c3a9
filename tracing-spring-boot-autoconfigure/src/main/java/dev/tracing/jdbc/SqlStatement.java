package dev.tracing.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A SQL statement as a span shows it: the text with every literal replaced by {@code ?} ({@code db.query.text}),
 * the operation ({@code SELECT}, {@code db.operation.name}) and the one table it works on, when there is exactly one
 * ({@code db.collection.name}).
 * <p>
 * A small lexer, not a parser: string literals (with {@code ''} and, where the dialect has them, backslash escapes),
 * PostgreSQL dollar-quoted strings, numbers, hexadecimal and prefixed literals ({@code N'…'}, {@code X'…'},
 * {@code E'…'}) become {@code ?}; comments are dropped, since they may carry values too; identifiers, keywords, bind
 * markers ({@code ?}, {@code :name}, {@code $1}) and punctuation stay as written. Double-quoted text is an
 * identifier, except in MySQL and MariaDB, where it is a string by default.
 *
 * @param text the statement without literals or comments
 * @param operation the operation, upper case, or {@code null} when the statement does not start with a word
 * @param collection the table the statement works on, as written, or {@code null} when there is none or several
 */
record SqlStatement(String text, @Nullable String operation, @Nullable String collection) {

	private static final Set<String> NOT_AN_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
			"CROSS", "NATURAL", "OUTER", "ON", "GROUP", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "EXCEPT",
			"INTERSECT", "HAVING", "FOR", "WINDOW", "SET", "VALUES", "RETURNING", "USING", "LATERAL", "STRAIGHT_JOIN",
			"SELECT", "DEFAULT", "OUTPUT", "WITH");

	private static final Set<String> JOINS = Set.of("JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL",
			"OUTER", "STRAIGHT_JOIN");

	private static final Set<String> TABLE_MODIFIERS = Set.of("GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED",
			"OR", "REPLACE");

	private static final Set<String> MAIN_OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE");

	/**
	 * Describe a statement.
	 * @param sql the statement as the application wrote it
	 * @param doubleQuotedStrings whether {@code "…"} is a string literal (MySQL, MariaDB) rather than an identifier
	 * @return its description
	 */
	static SqlStatement of(String sql, boolean doubleQuotedStrings) {
		Lexer lexer = new Lexer(sql, doubleQuotedStrings);
		lexer.run();
		return summarize(lexer.text.toString().strip(), lexer.tokens);
	}

	private static SqlStatement summarize(String text, List<Token> tokens) {
		int start = 0;
		while (start < tokens.size() && tokens.get(start).is("(")) {
			start++;
		}
		if (start >= tokens.size() || !tokens.get(start).word) {
			return new SqlStatement(text, null, null);
		}
		String operation = tokens.get(start).upper();
		if (operation.equals("WITH")) {
			// The statement after the common table expressions says what it does.
			int main = findAtDepth(tokens, start + 1, MAIN_OPERATIONS);
			if (main < 0) {
				return new SqlStatement(text, operation, null);
			}
			start = main;
			operation = tokens.get(main).upper();
		}
		String collection = switch (operation) {
			case "SELECT" -> selected(tokens, start);
			case "INSERT" -> tableAfter(tokens, start + 1, "INTO", "IGNORE");
			case "DELETE" -> tableAfter(tokens, start + 1, "FROM");
			case "UPDATE" -> tableAfter(tokens, start + 1, "ONLY", "IGNORE");
			case "MERGE" -> tableAfter(tokens, start + 1, "INTO");
			case "CREATE", "DROP", "ALTER", "TRUNCATE" -> tableOfDefinition(operation, tokens, start + 1);
			default -> null;
		};
		return new SqlStatement(text, operation, (collection != null) ? unquote(collection) : null);
	}

	// "shop"."Orders" is the table shop.Orders: the name as the database knows it, for the span name and
	// db.collection.name
	private static String unquote(String name) {
		return (name.indexOf('"') < 0 && name.indexOf('`') < 0) ? name : name.replace("\"", "").replace("`", "");
	}

	// The one table of a SELECT, or null when it reads a subquery or several tables.
	private static @Nullable String selected(List<Token> tokens, int start) {
		int from = findAtDepth(tokens, start + 1, Set.of("FROM"));
		if (from < 0 || from + 1 >= tokens.size() || !tokens.get(from + 1).word) {
			return null;
		}
		Token table = tokens.get(from + 1);
		int next = from + 2;
		if (next < tokens.size() && tokens.get(next).word && tokens.get(next).upper().equals("AS")) {
			next++;
		}
		if (next < tokens.size() && tokens.get(next).word && !NOT_AN_ALIAS.contains(tokens.get(next).upper())) {
			next++;
		}
		if (next < tokens.size() && (tokens.get(next).is(",") || JOINS.contains(tokens.get(next).upper()))) {
			return null;
		}
		return table.text;
	}

	private static @Nullable String tableAfter(List<Token> tokens, int index, String... optionalWords) {
		int i = index;
		for (String optional : optionalWords) {
			if (i < tokens.size() && tokens.get(i).upper().equals(optional)) {
				i++;
			}
		}
		return (i < tokens.size() && tokens.get(i).word) ? tokens.get(i).text : null;
	}

	// CREATE [GLOBAL | TEMPORARY | ...] TABLE [IF NOT EXISTS] name, DROP TABLE [IF EXISTS] name, TRUNCATE [TABLE] name
	private static @Nullable String tableOfDefinition(String operation, List<Token> tokens, int index) {
		int i = index;
		while (i < tokens.size() && TABLE_MODIFIERS.contains(tokens.get(i).upper())) {
			i++;
		}
		if (i < tokens.size() && tokens.get(i).upper().equals("TABLE")) {
			i++;
			while (i < tokens.size() && Set.of("IF", "NOT", "EXISTS", "ONLY").contains(tokens.get(i).upper())) {
				i++;
			}
		}
		else if (!operation.equals("TRUNCATE")) {
			return null;
		}
		return (i < tokens.size() && tokens.get(i).word) ? tokens.get(i).text : null;
	}

	private static int findAtDepth(List<Token> tokens, int from, Set<String> words) {
		int depth = 0;
		for (int i = from; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			if (token.is("(")) {
				depth++;
			}
			else if (token.is(")")) {
				depth--;
			}
			else if (token.is(";") && depth == 0) {
				return -1;
			}
			else if (depth == 0 && token.word && words.contains(token.upper())) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * A word (a keyword or a possibly qualified, possibly quoted name) or one character of punctuation.
	 */
	private record Token(String text, boolean word) {

		boolean is(String punctuation) {
			return !this.word && this.text.equals(punctuation);
		}

		String upper() {
			return this.word ? this.text.toUpperCase(Locale.ROOT) : "";
		}

	}

	private static final class Lexer {

		private final String sql;

		private final boolean doubleQuotedStrings;

		private final StringBuilder text;

		private final List<Token> tokens = new ArrayList<>();

		private int position;

		// Start, in text, of the word being built, while a qualified name may still grow ("schema"."table")
		private int wordStart = -1;

		Lexer(String sql, boolean doubleQuotedStrings) {
			this.sql = sql;
			this.doubleQuotedStrings = doubleQuotedStrings;
			this.text = new StringBuilder(sql.length());
		}

		void run() {
			int length = this.sql.length();
			while (this.position < length) {
				char c = this.sql.charAt(this.position);
				if (c == '\'') {
					literal(skipQuoted('\'', this.doubleQuotedStrings));
				}
				else if (c == '"') {
					if (this.doubleQuotedStrings) {
						literal(skipQuoted('"', true));
					}
					else {
						word(skipQuoted('"', false));
					}
				}
				else if (c == '`') {
					word(skipQuoted('`', false));
				}
				else if (c == '-' && next(1) == '-') {
					comment(lineEnd());
				}
				else if (c == '/' && next(1) == '*') {
					int end = this.sql.indexOf("*/", this.position + 2);
					comment((end < 0) ? length : end + 2);
				}
				else if (c == '$' && isDollarQuoteStart()) {
					literal(skipDollarQuoted());
				}
				else if (c == '$' && Character.isDigit(next(1))) {
					// A positional bind marker of PostgreSQL: $1
					int end = this.position + 1;
					while (end < length && Character.isDigit(this.sql.charAt(end))) {
						end++;
					}
					punctuation(end);
				}
				else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next(1)))) {
					literal(skipNumber());
				}
				else if (Character.isLetter(c) || c == '_') {
					int end = wordEnd(this.position);
					if (end - this.position == 1 && "NnEeXxBb".indexOf(c) >= 0 && end < length
							&& this.sql.charAt(end) == '\'') {
						this.position = end;
						literal(skipQuoted('\'', c == 'E' || c == 'e'));
					}
					else {
						word(end);
					}
				}
				else if (c == '.' && this.wordStart >= 0 && this.position + 1 < length
						&& isWordStart(this.sql.charAt(this.position + 1))) {
					// A qualified name: the dot joins the word before to the word after.
					this.text.append(c);
					this.position++;
				}
				else if (Character.isWhitespace(c)) {
					space();
				}
				else {
					punctuation(this.position + 1);
				}
			}
		}

		private char next(int offset) {
			int index = this.position + offset;
			return (index < this.sql.length()) ? this.sql.charAt(index) : '\0';
		}

		private boolean isWordStart(char c) {
			return Character.isLetter(c) || c == '_' || c == '"' || c == '`';
		}

		private int wordEnd(int from) {
			int end = from;
			while (end < this.sql.length()) {
				char c = this.sql.charAt(end);
				if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
					break;
				}
				end++;
			}
			return end;
		}

		private int lineEnd() {
			int end = this.sql.indexOf('\n', this.position);
			return (end < 0) ? this.sql.length() : end;
		}

		// The index after a quoted run that starts at position, or the end of the text when it is not closed.
		private int skipQuoted(char quote, boolean backslashEscapes) {
			int i = this.position + 1;
			while (i < this.sql.length()) {
				char c = this.sql.charAt(i);
				if (backslashEscapes && c == '\\') {
					i += 2;
					continue;
				}
				if (c == quote) {
					if (i + 1 < this.sql.length() && this.sql.charAt(i + 1) == quote) {
						i += 2;
						continue;
					}
					return i + 1;
				}
				i++;
			}
			return this.sql.length();
		}

		private boolean isDollarQuoteStart() {
			int end = this.position + 1;
			while (end < this.sql.length()
					&& (Character.isLetterOrDigit(this.sql.charAt(end)) || this.sql.charAt(end) == '_')) {
				end++;
			}
			return end < this.sql.length() && this.sql.charAt(end) == '$'
					&& (end == this.position + 1 || !Character.isDigit(this.sql.charAt(this.position + 1)));
		}

		private int skipDollarQuoted() {
			int tagEnd = this.sql.indexOf('$', this.position + 1);
			String tag = this.sql.substring(this.position, tagEnd + 1);
			int close = this.sql.indexOf(tag, tagEnd + 1);
			return (close < 0) ? this.sql.length() : close + tag.length();
		}

		private int skipNumber() {
			int i = this.position;
			int length = this.sql.length();
			if (this.sql.charAt(i) == '0' && i + 1 < length && (this.sql.charAt(i + 1) == 'x' || this.sql.charAt(i + 1) == 'X')) {
				i += 2;
				while (i < length && Character.digit(this.sql.charAt(i), 16) >= 0) {
					i++;
				}
				return i;
			}
			while (i < length && (Character.isDigit(this.sql.charAt(i)) || this.sql.charAt(i) == '.')) {
				i++;
			}
			if (i < length && (this.sql.charAt(i) == 'e' || this.sql.charAt(i) == 'E')) {
				int exponent = i + 1;
				if (exponent < length && (this.sql.charAt(exponent) == '+' || this.sql.charAt(exponent) == '-')) {
					exponent++;
				}
				if (exponent < length && Character.isDigit(this.sql.charAt(exponent))) {
					i = exponent;
					while (i < length && Character.isDigit(this.sql.charAt(i))) {
						i++;
					}
				}
			}
			return i;
		}

		private void literal(int end) {
			endWord();
			this.text.append('?');
			this.tokens.add(new Token("?", false));
			this.position = end;
		}

		private void word(int end) {
			if (this.wordStart < 0) {
				this.wordStart = this.text.length();
			}
			this.text.append(this.sql, this.position, end);
			this.position = end;
			if (end >= this.sql.length() || this.sql.charAt(end) != '.') {
				endWord();
			}
		}

		private void endWord() {
			if (this.wordStart >= 0) {
				this.tokens.add(new Token(this.text.substring(this.wordStart), true));
				this.wordStart = -1;
			}
		}

		private void comment(int end) {
			endWord();
			this.position = end;
			space();
		}

		// One space for a run of white space or a comment: a statement written over several lines reads as one.
		private void space() {
			endWord();
			int length = this.text.length();
			if (length > 0 && this.text.charAt(length - 1) != ' ') {
				this.text.append(' ');
			}
			while (this.position < this.sql.length() && Character.isWhitespace(this.sql.charAt(this.position))) {
				this.position++;
			}
		}

		private void punctuation(int end) {
			endWord();
			String value = this.sql.substring(this.position, end);
			this.text.append(value);
			this.tokens.add(new Token(value, false));
			this.position = end;
		}

	}

}
