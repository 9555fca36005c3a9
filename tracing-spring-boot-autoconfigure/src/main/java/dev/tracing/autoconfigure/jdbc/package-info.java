/**
 * Auto-configuration of database client spans for JDBC data sources.
 */
@NullMarked
package dev.tracing.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
