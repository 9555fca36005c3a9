package dev.tracing.viewer.store;

/**
 * An operation (span name) of a service, with the kind of the spans that had it.
 *
 * @param name the span name
 * @param kind the span kind
 */
public record Operation(String name, StoredSpan.Kind kind) implements Comparable<Operation> {

	@Override
	public int compareTo(Operation other) {
		int byName = this.name.compareTo(other.name);
		return (byName != 0) ? byName : this.kind.compareTo(other.kind);
	}

}
