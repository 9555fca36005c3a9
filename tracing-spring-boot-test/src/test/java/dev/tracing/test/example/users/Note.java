package dev.tracing.test.example.users;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("NOTES")
record Note(@Id @Nullable Long id, String text) {

}
